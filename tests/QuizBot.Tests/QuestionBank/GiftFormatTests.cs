using QuizBot.QuestionBank;
using QuizBot.QuestionBank.Formats;
using static QuizBot.Tests.QuestionBank.FormatSupport;

namespace QuizBot.Tests.QuestionBank;

public sealed class GiftFormatTests
{
    private static readonly GiftFormat Gift = new();

    /// <summary>A file as a Moodle user writes or exports it: titles, comments, feedback, escapes, HTML.</summary>
    private const string MoodleSample = """
        // Câu hỏi ôn tập Điều lệ Đảng, xuất từ Moodle
        // question: 1001  name: Chi bộ họp thường lệ
        $CATEGORY: $course$/top/Điều lệ Đảng

        ::Chi bộ họp thường lệ::[html]<p>Theo Điều lệ Đảng, chi bộ họp thường lệ <b>bao lâu</b>&nbsp;một lần?</p>{
        	=<p>Mỗi tháng một lần</p>#Đúng, theo Điều 24.
        	~<p>Mỗi quý một lần</p>#Chưa đúng.
        	~Sáu tháng một lần
        	####Điều 24 Điều lệ Đảng: chi bộ, chi uỷ họp thường lệ mỗi tháng một lần.
        }

        // Nhiều đáp án đúng: trọng số dương là đúng.
        ::Hình thức kỷ luật::Hình thức kỷ luật đảng viên chính thức gồm những hình thức nào?
        {
        	~%33.33333%Khiển trách
        	~%33.33333%Cảnh cáo
        	~%-100%Giải tán
        	~%33.33333%Khai trừ
        }

        ::Đúng sai 1::Chi bộ có từ 9 đảng viên chính thức trở lên thì bầu chi uỷ.{TRUE}

        ::Đúng sai 2::Đảng viên dự bị có quyền biểu quyết.{F#Sai rồi.#Chính xác.####Điều 5: đảng viên dự bị không biểu quyết.}

        ::Tình huống::Đảng viên bỏ sinh hoạt 3 tháng liền không có lý do: đồng chí xử lý thế nào? {}

        ::Ký hiệu \: đặc biệt::Dấu \{ \} \~ \= \# trong câu hỏi GIFT viết thế nào?{
        =Có dấu \\ đứng trước#vì dấu \= mở đáp án
        ~Viết bình thường
        }

        [markdown]Thời hạn dự bị của đảng viên là bao lâu?{=12 tháng ~18 tháng ~24 tháng}
        """;

    [Fact]
    public void A_moodle_file_is_read_with_titles_feedback_escapes_and_html()
    {
        var read = Read(Gift, MoodleSample);

        Assert.Empty(read.Errors);
        Assert.Empty(read.Skipped);
        Assert.Equal(
        [
            "Single | Theo Điều lệ Đảng, chi bộ họp thường lệ bao lâu một lần? | Mỗi tháng một lần / Mỗi quý một lần / Sáu tháng một lần | 0",
            "Multi | Hình thức kỷ luật đảng viên chính thức gồm những hình thức nào? | Khiển trách / Cảnh cáo / Giải tán / Khai trừ | 0,1,3",
            "TrueFalse | Chi bộ có từ 9 đảng viên chính thức trở lên thì bầu chi uỷ. | Đúng / Sai | 0",
            "TrueFalse | Đảng viên dự bị có quyền biểu quyết. | Đúng / Sai | 1",
            "Text | Đảng viên bỏ sinh hoạt 3 tháng liền không có lý do: đồng chí xử lý thế nào? |  | ",
            "Single | Dấu { } ~ = # trong câu hỏi GIFT viết thế nào? | Có dấu \\ đứng trước / Viết bình thường | 0",
            "Single | Thời hạn dự bị của đảng viên là bao lâu? | 12 tháng / 18 tháng / 24 tháng | 0",
        ], read.Questions.Select(i => InLanguage(i.Question, "vi")));
        Assert.Equal(["Chi bộ họp thường lệ", "Hình thức kỷ luật", "Đúng sai 1", "Đúng sai 2", "Tình huống", "Ký hiệu : đặc biệt", null],
            read.Questions.Select(i => i.Title));
        Assert.Equal([5, 13, 21, 23, 25, 27, 32], read.Questions.Select(i => i.Question.Location.Line));
        Assert.All(read.Questions, i => Assert.Equal("sample.gift", i.Question.Location.File));
    }

    [Fact]
    public void The_general_feedback_becomes_the_explanation_and_per_answer_feedback_is_dropped()
    {
        var questions = Read(Gift, MoodleSample).Questions.Select(i => i.Question).ToList();

        Assert.Equal("Điều 24 Điều lệ Đảng: chi bộ, chi uỷ họp thường lệ mỗi tháng một lần.", questions[0].Content.Explanation.Vi);
        Assert.Equal("Điều 5: đảng viên dự bị không biểu quyết.", questions[3].Content.Explanation.Vi);
        Assert.Equal(SingleLanguageQuestion.NoExplanation, questions[1].Content.Explanation);
        Assert.DoesNotContain(questions, q => q.Content.Options.Any(o => o.Vi.Contains('#') || o.Vi.Contains("Đúng, theo")));
    }

    [Fact]
    public void A_single_language_import_repeats_the_text_and_marks_the_question_for_review()
    {
        var question = Read(Gift, MoodleSample).Questions[0].Question;

        Assert.Equal(question.Content.Text.Vi, question.Content.Text.En);
        Assert.Equal(question.Content.Options.Select(o => o.Vi), question.Content.Options.Select(o => o.En));
        Assert.Equal(QuestionStatus.Draft, question.Status);
        Assert.Equal(["needs-translation", "needs-review"], question.Tags);
        Assert.Equal("Imported from sample.gift", question.Content.Source);
        Assert.Equal("charter", question.Topic);
        Assert.Equal("", question.Id);
    }

    [Fact]
    public void A_text_question_gets_placeholders_for_the_judges()
    {
        var question = Read(Gift, MoodleSample).Questions[4].Question;

        Assert.Equal(QuestionType.Text, question.Type);
        Assert.Equal(SingleLanguageQuestion.NoModelAnswer, question.Content.ModelAnswer);
        Assert.Equal(SingleLanguageQuestion.NoGuidance, question.Content.Guidance);
    }

    [Fact]
    public void Gift_types_quizbot_lacks_are_reported_with_their_line_and_skipped()
    {
        const string gift = """
            // Các dạng câu hỏi QuizBot chưa hỗ trợ
            ::Ghép nối::Ghép văn bản với năm ban hành. {
            	=Điều lệ Đảng -> 2011
            	=Quy định 294-QĐ/TW -> 2025
            }

            ::Số điều::Điều lệ Đảng có bao nhiêu điều?{#48}

            ::Viết tắt::Viết tắt của Ban Chấp hành Trung ương là gì?{=BCHTW =BCH TW}

            ::Điền từ::Chi bộ họp thường lệ {~mỗi quý =mỗi tháng ~mỗi năm} một lần.

            ::Giới thiệu::Phần sau hỏi về công tác kiểm tra.

            ::Nhiều dấu bằng::Năm nào có Đại hội?{=2011 =2016 ~2013}

            ::Được::Chi bộ họp mấy lần một tháng?{=Một ~Hai}
            """;

        var read = Read(Gift, gift);

        Assert.Empty(read.Errors);
        Assert.Equal(
        [
            "sample.gift:2: question 'Ghép nối' is a matching question, which QuizBot does not support; skipped",
            "sample.gift:7: question 'Số điều' is numerical ({#…}), which QuizBot does not support; skipped",
            "sample.gift:9: question 'Viết tắt' is a short-answer question (only '=' answers), which QuizBot does not support; skipped",
            "sample.gift:11: question 'Điền từ' has text after its answers (a missing-word question), which QuizBot does not support; skipped",
            "sample.gift:13: question 'Giới thiệu' has no answers in {…} (a Moodle description); skipped",
            "sample.gift:15: question 'Nhiều dấu bằng' marks several answers with '=' (any one of them right), which QuizBot does not support; for several right answers use weights like ~%50%; skipped",
        ], read.Skipped.Select(s => s.ToString()));
        Assert.Equal("Được", Assert.Single(read.Questions).Title);
    }

    [Fact]
    public void Broken_gift_is_reported_at_its_line()
    {
        const string gift = """
            ::Một::Câu một?{=A ~B}

            ::Hai::Câu hai?
            {
            =A
            ~B

            ::Ba::Câu ba?{~A ~B}

            ::Bốn::Câu bốn?{~%abc%A ~B}
            """;

        var read = Read(Gift, gift);

        Assert.Equal(
        [
            "sample.gift:4: the answers opened with '{' are not closed with '}'",
            "sample.gift:8: no answer is marked right: mark it with '=' or, for several right answers, with weights like ~%50%",
            "sample.gift:10: the weight in '~%abc%A' must be a percentage like %50% or %-100%",
        ], read.Errors.Select(e => e.ToString()));
        Assert.Single(read.Questions);
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public void An_export_reads_back_as_the_same_questions_in_its_language(string language)
    {
        var questions = TestBankQuestions();

        var gift = Export(Gift, questions, language, out var leftOut);
        var read = Read(Gift, gift, language: language);

        Assert.Empty(leftOut);
        Assert.Empty(read.Errors);
        Assert.Empty(read.Skipped);
        Assert.Equal(questions.Select(q => InLanguage(q, language)), read.Questions.Select(i => InLanguage(i.Question, language)));
        Assert.Equal(questions.Select(q => q.Content.Explanation.For(language)), read.Questions.Select(i => i.Question.Content.Explanation.For(language)));
        Assert.Equal(questions.Select(q => q.Id), read.Questions.Select(i => i.Title));
    }

    [Fact]
    public void Multi_answers_are_written_with_moodle_weights()
    {
        var multi = TestBankQuestions().Single(q => q.Id == "charter-003");

        var gift = Export(Gift, [multi], "en", out _);

        Assert.Contains("""
            ::charter-003::Disciplinary forms for a probationary member? {
            	~%50%Reprimand
            	~%50%Warning
            	~%-100%Expulsion
            	####Regulation 69 art. 7.
            }
            """, gift);
    }

    [Fact]
    public void Special_characters_are_escaped_on_export()
    {
        var question = TestBankQuestions()[0];
        var tricky = question with { Content = question.Content with { Text = new LocalizedText("a: {b} ~c =d #e \\f", "x") } };

        var gift = Export(Gift, [tricky], "vi", out _);

        Assert.Contains(@"::charter-001::a\: \{b\} \~c \=d \#e \\f {", gift);
        Assert.Equal("a: {b} ~c =d #e \\f", Read(Gift, gift).Questions[0].Question.Content.Text.Vi);
    }
}
