using QuizBot.QuestionBank;
using QuizBot.QuestionBank.Formats;
using static QuizBot.Tests.QuestionBank.FormatSupport;

namespace QuizBot.Tests.QuestionBank;

public sealed class AikenFormatTests
{
    private static readonly AikenFormat Aiken = new();

    /// <summary>As an organiser types it in a text editor: both option styles, a question over two lines.</summary>
    private const string Sample = """
        Theo Điều lệ Đảng, chi bộ họp thường lệ bao lâu một lần?
        A. Mỗi tháng một lần
        B. Mỗi quý một lần
        C. Sáu tháng một lần
        ANSWER: A

        Thời hạn dự bị của đảng viên là bao lâu?
        A) 6 tháng
        B) 12 tháng
        C) 18 tháng
        D) 24 tháng
        ANSWER: B

        Khi chi bộ có từ 9 đảng viên chính thức trở lên,
        chi bộ bầu chi uỷ. Nhận định này đúng hay sai?
        A. Đúng
        B. Sai
        ANSWER: A
        """;

    [Fact]
    public void An_aiken_file_is_read_in_the_language_it_is_written_in()
    {
        var read = Read(Aiken, Sample);

        Assert.Empty(read.Errors);
        Assert.Equal(
        [
            "Single | Theo Điều lệ Đảng, chi bộ họp thường lệ bao lâu một lần? | Mỗi tháng một lần / Mỗi quý một lần / Sáu tháng một lần | 0",
            "Single | Thời hạn dự bị của đảng viên là bao lâu? | 6 tháng / 12 tháng / 18 tháng / 24 tháng | 1",
            "TrueFalse | Khi chi bộ có từ 9 đảng viên chính thức trở lên, chi bộ bầu chi uỷ. Nhận định này đúng hay sai? | Đúng / Sai | 0",
        ], read.Questions.Select(i => InLanguage(i.Question, "vi")));
        Assert.Equal([1, 7, 14], read.Questions.Select(i => i.Question.Location.Line));
        var first = read.Questions[0].Question;
        Assert.Equal(first.Content.Text.Vi, first.Content.Text.En);
        Assert.Equal(QuestionStatus.Draft, first.Status);
        Assert.Equal(["needs-translation", "needs-review"], first.Tags);
        Assert.Equal(SingleLanguageQuestion.NoExplanation, first.Content.Explanation);
        Assert.Equal("Imported from sample.aiken", first.Content.Source);
    }

    [Fact]
    public void Mistakes_are_reported_at_their_lines()
    {
        const string aiken = """
            Câu một?
            A. Một
            B. Hai
            ANSWER: D

            Câu hai?
            A. Một
            C. Hai
            ANSWER: A

            Câu ba?
            A. Một
            B. Hai

            Câu bốn?
            A. Một
            B. Hai
            ANSWER: B
            """;

        var read = Read(Aiken, aiken);

        Assert.Equal(
        [
            "sample.aiken:4: 'ANSWER: D' must be one letter from A to B (Aiken has one right answer)",
            "sample.aiken:8: option 'C' should be 'B': options go A, B, C, … in order",
            "sample.aiken:11: the question ends without an 'ANSWER:' line",
        ], read.Errors.Select(e => e.ToString()));
        Assert.Equal(["Câu hai?", "Câu bốn?"], read.Questions.Select(i => i.Question.Content.Text.Vi));
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public void An_export_reads_back_as_the_same_questions_in_its_language(string language)
    {
        var questions = TestBankQuestions();

        var aiken = Export(Aiken, questions, language, out var leftOut);
        var read = Read(Aiken, aiken, language: language);

        var fitting = questions.Where(q => q.Type is QuestionType.Single or QuestionType.TrueFalse).ToList();
        Assert.Empty(read.Errors);
        Assert.Equal(fitting.Select(q => InLanguage(q, language)), read.Questions.Select(i => InLanguage(i.Question, language)));
        Assert.Equal(
        [
            "charter.yaml:23: charter-003: a multi question does not fit Aiken (one right answer only); left out",
            "situations.yaml:3: cells-010: a text question does not fit Aiken (one right answer only); left out",
        ], leftOut.Select(e => e.ToString()));
    }

    [Fact]
    public void An_export_looks_like_aiken()
    {
        var aiken = Export(Aiken, TestBankQuestions().Take(2).ToList(), "en", out _);

        Assert.Equal("""
            How often does a cell meet?
            A. Once a month
            B. Once a quarter
            C. Once a year
            ANSWER: A

            A cell has at least 3 full members.
            A. True
            B. False
            ANSWER: A

            """.Replace("\r\n", "\n"), aiken);
    }
}
