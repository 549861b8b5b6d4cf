using QuizBot.QuestionBank;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.QuestionBank;

public sealed class BankParserTests
{
    private static readonly string[] Topics = ["charter", "cells"];

    private static (IReadOnlyList<BankQuestion> Questions, List<BankError> Errors) Parse(string yaml)
    {
        var errors = new List<BankError>();
        var questions = BankParser.ParseQuestions("q.yaml", yaml, Topics, errors);
        return (questions, errors);
    }

    /// <summary>A valid single question; tests replace one line to break it.</summary>
    private const string Valid = """
        topic: charter
        questions:
          - id: q-1
            type: single
            difficulty: 2
            status: reviewed
            text:
              vi: Câu hỏi?
              en: Question?
            options:
              - vi: Một
                en: One
              - vi: Hai
                en: Two
            answer: B
            explanation:
              vi: Vì thế.
              en: Because.
            source: Điều lệ Đảng, Điều 24
            valid_from: 2025-07-01
        """;

    [Fact]
    public void A_valid_file_yields_questions_with_zero_based_answers()
    {
        var (questions, errors) = Parse(TestBank.Charter);

        Assert.Empty(errors);
        Assert.Equal(["charter-001", "charter-002", "charter-003"], questions.Select(q => q.Id));
        Assert.Equal([0], questions[0].Content.Answer);
        Assert.Equal(QuestionType.TrueFalse, questions[1].Type);
        Assert.Equal([0], questions[1].Content.Answer);
        Assert.Equal("True", questions[1].Content.Options[0].En);
        Assert.Equal([0, 1], questions[2].Content.Answer);
        Assert.Equal(QuestionStatus.Draft, questions[2].Status);
    }

    [Fact]
    public void Each_question_remembers_the_line_it_starts_on()
    {
        var (questions, _) = Parse(Valid);

        Assert.Equal(new SourceLocation("q.yaml", 3), questions[0].Location);
        Assert.Equal(new DateOnly(2025, 7, 1), questions[0].ValidFrom);
    }

    [Theory]
    [InlineData("    answer: B", "    answer: C", 15, "answer 'C' is not among the options (A to B)")]
    [InlineData("        en: Two", "        en: One", 13, "option 'One' appears twice in 'en'")]
    [InlineData("    source: Điều lệ Đảng, Điều 24", "    source: ''", 19, "'source' is empty")]
    [InlineData("    valid_from: 2025-07-01", "    valid_from: 2025-13-01", 20, "'valid_from' must be a date written YYYY-MM-DD, not '2025-13-01'")]
    [InlineData("    difficulty: 2", "    difficulty: 5", 5, "'difficulty' must be a whole number from 1 to 3, not '5'")]
    [InlineData("    type: single", "    type: essay", 4, "'type' must be one of single, multi, truefalse, text, not 'essay'")]
    [InlineData("      en: Because.", "      en: ''", 18, "'explanation' has no text in 'en'")]
    [InlineData("topic: charter", "topic: astrology", 1, "unknown topic 'astrology' (topics.yaml lists: charter, cells)")]
    [InlineData("    status: reviewed", "    status: maybe", 6, "'status' must be one of reviewed, draft, not 'maybe'")]
    public void A_broken_line_is_reported_with_its_file_and_line(string line, string replacement, int expectedLine, string expectedMessage)
    {
        Assert.Contains(line, Valid);

        var (questions, errors) = Parse(Valid.Replace(line, replacement));

        var error = Assert.Single(errors);
        Assert.Equal($"q.yaml:{expectedLine}: {expectedMessage}", error.ToString());
        Assert.Empty(questions);
    }

    [Fact]
    public void A_missing_language_names_the_field_and_language()
    {
        var (_, errors) = Parse(Valid.Replace("      en: Question?\n", ""));

        Assert.Equal("q.yaml:8: 'text' has no text in 'en'", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Texts_over_telegram_poll_limits_are_refused()
    {
        var longQuestion = new string('x', 301);
        var longOption = new string('y', 101);

        var (_, errors) = Parse(Valid.Replace("vi: Câu hỏi?", "vi: " + longQuestion).Replace("vi: Một", "vi: " + longOption));

        Assert.Equal(
        [
            "q.yaml:8: 'text' in 'vi' is 301 characters long; at most 300 fit",
            "q.yaml:11: 'option' in 'vi' is 101 characters long; at most 100 fit",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Dates_in_the_wrong_order_are_refused()
    {
        var (_, errors) = Parse(Valid.Replace("valid_from: 2025-07-01", "valid_from: 2025-07-01\n    valid_until: 2025-01-01"));

        Assert.Equal("q.yaml:21: 'valid_until' must come after 'valid_from'", Assert.Single(errors).ToString());
    }

    [Fact]
    public void A_multi_question_needs_two_right_options()
    {
        var yaml = Valid.Replace("type: single", "type: multi").Replace("answer: B", "answer: [B]");

        var (_, errors) = Parse(yaml);

        Assert.Equal("q.yaml:15: a multi question needs at least two right options; use type single for one", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Invalid_yaml_is_reported_at_its_line()
    {
        var (_, errors) = Parse(Valid.Replace("vi: Câu hỏi?", "vi: \"Câu hỏi?"));

        var error = Assert.Single(errors);
        Assert.StartsWith("not valid YAML: ", error.Message);
        Assert.InRange(error.Location.Line, 8, 9);
    }

    [Fact]
    public void A_misspelt_field_is_named_and_what_it_leaves_missing_too()
    {
        var (_, errors) = Parse(Valid.Replace("    answer: B", "    answers: B"));

        Assert.Equal(
        [
            "q.yaml:15: unknown field 'answers' (expected one of: id, topic, type, difficulty, status, text, options, answer, explanation, source, model_answer, guidance, valid_from, valid_until, tags)",
            "q.yaml:3: missing 'answer': the letter of the right option",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_text_question_needs_a_model_answer_and_guidance_but_no_options()
    {
        const string yaml = """
            topic: charter
            questions:
              - id: s-1
                type: text
                difficulty: 3
                status: draft
                text: { vi: Tình huống?, en: Situation? }
                options:
                  - { vi: A, en: A }
                explanation: { vi: Giải thích., en: Explanation. }
                source: Điều lệ Đảng
                guidance: { vi: Chấm điểm., en: Scoring. }
            """;

        var (_, errors) = Parse(yaml);

        Assert.Equal(["q.yaml:9: a text question has no 'options'", "q.yaml:3: missing 'model_answer' (with 'vi' and 'en')"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var yaml = Valid.Replace("answer: B", "answer: Z").Replace("difficulty: 2", "difficulty: 9");

        var (_, errors) = Parse(yaml);

        Assert.Equal(2, errors.Count);
    }
}
