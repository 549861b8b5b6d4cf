using QuizBot.QuestionBank;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.QuestionBank;

public sealed class SourceReferencesTests
{
    [Theory]
    [InlineData("Điều lệ Đảng (19/01/2011), Điều 24")]
    [InlineData("Quy định 69-QĐ/TW (6/7/2022)")]
    [InlineData("Nghị quyết 21-NQ/TW (16/6/2022), Hội nghị Trung ương 5 khoá XIII")]
    [InlineData("Chỉ thị 45-CT/TW (14/4/2025)")]
    [InlineData("Hướng dẫn 42-HD/BTCTW (28/10/2025)")]
    [InlineData("Kết luận 118-KL/TW (18/01/2025)")]
    [InlineData("Thông báo 07-TB/TU của Tỉnh uỷ")]
    [InlineData("Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội")]
    [InlineData("Đề án 373/ĐA-CP ngày 9/5/2025")]
    [InlineData("Kết luận số 126 của Bộ Chính trị")]
    [InlineData("Luật Cán bộ, công chức năm 2008")]
    [InlineData("Hiến pháp năm 2013")]
    [InlineData("Regulation 69 on party discipline")]
    [InlineData("Tham luận của Ban Tổ chức Tỉnh uỷ Ninh Thuận (05/01/2025) — seeds/001_0ab45e1068b5edc2.txt")]
    [InlineData("Thể lệ cuộc thi trực tuyến tỉnh Quảng Nam năm 2022 — contest-domain.md")]
    [InlineData("facts-2025 D2")]
    public void A_document_or_note_is_recognised(string source) => Assert.True(SourceReferences.NamesDocument(source), source);

    [Theory]
    [InlineData("Kinh nghiệm thực tiễn của các chi bộ")]
    [InlineData("Tài liệu bồi dưỡng bí thư chi bộ, 2020–2025")]
    [InlineData("Báo Tuyên Quang, ngày 19/01/2011")]
    [InlineData("Hồ Chí Minh, dẫn trong bài “Tư tưởng Hồ Chí Minh về tổ chức cơ sở đảng”, Tạp chí Chính trị và Phát triển (chinhtrivaphattrien.vn)")]
    [InlineData("theo luật định và các quy định hiện hành")]
    [InlineData("Imported from moodle.gift")]
    public void A_source_without_a_document_is_not_taken_for_one(string source) => Assert.False(SourceReferences.NamesDocument(source), source);

    [Theory]
    [InlineData("Điều lệ Đảng (19/01/2011), Điều 24")]
    [InlineData("Điều lệ Đảng, Điều 24, khoản 3")]
    [InlineData("Quy định 69-QĐ/TW, điểm b")]
    [InlineData("Regulation 69-QĐ/TW, Article 7")]
    [InlineData("Tham luận (Báo Ninh Thuận, 05/01/2025), mục II.3 — seeds/001_0ab45e1068b5edc2.txt")]
    [InlineData("Thể lệ các hội thi đã khảo sát, mục How the contest runs — contest-domain.md")]
    [InlineData("Điều lệ Đảng (19/01/2011), phần mở đầu")]
    [InlineData("Báo Tuyên Quang, loạt bài “Nâng cao vai trò bí thư chi bộ” — seeds/002_87ab5327650fad8e.txt")]
    public void An_article_section_or_local_note_is_article_level(string source) => Assert.True(SourceReferences.IsArticleLevel(source), source);

    [Theory]
    [InlineData("Điều lệ Đảng (19/01/2011)")]
    [InlineData("Điều lệ Đảng (19/01/2011) — contest-domain.md")]
    [InlineData("Nghị quyết 21-NQ/TW (16/6/2022) — seeds/001_0ab45e1068b5edc2.txt")]
    [InlineData("Mục tiêu của Nghị quyết 21-NQ/TW")]
    [InlineData("Điều lệ Đảng (19/01/2011), Chương III")]
    [InlineData("Kinh nghiệm thực tiễn")]
    public void A_document_without_its_article_is_not_article_level(string source) => Assert.False(SourceReferences.IsArticleLevel(source), source);

    [Fact]
    public void A_reviewed_question_whose_source_names_no_document_is_warned_about_at_its_source_line()
    {
        var yaml = TestBank.Charter.Replace("source: Điều lệ Đảng (2011), Điều 24", "source: Kinh nghiệm của chi bộ");
        var errors = new List<BankError>();
        var warnings = new List<BankError>();

        var questions = BankParser.ParseQuestions("charter.yaml", yaml, ["charter"], errors, warnings);

        Assert.Empty(errors);
        Assert.Equal(3, questions.Count);
        var warning = Assert.Single(warnings);
        Assert.Equal("charter.yaml:14", warning.Location.ToString());
        Assert.Contains("names no document", warning.Message);
        Assert.Contains("'Kinh nghiệm của chi bộ'", warning.Message);
    }

    [Fact]
    public void A_draft_may_rest_on_an_unnamed_source_without_a_warning()
    {
        var yaml = TestBank.Charter.Replace("source: Quy định 69-QĐ/TW (06/7/2022), Điều 7", "source: Kinh nghiệm của chi bộ");
        var warnings = new List<BankError>();

        BankParser.ParseQuestions("charter.yaml", yaml, ["charter"], [], warnings);

        Assert.Empty(warnings);
    }

    [Fact]
    public void Validate_prints_warnings_exits_0_and_counts_them_in_its_summary()
    {
        using var bank = new TestBank();
        bank.Write("charter.yaml", TestBank.Charter.Replace("source: Điều lệ Đảng (2011), Điều 24", "source: Kinh nghiệm của chi bộ"));
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = AdminCommands.Validate(bank.Folder, output, error);

        Assert.Equal(0, exit);
        Assert.StartsWith($"{Path.Combine(bank.Folder, "charter.yaml")}:14: warning: a reviewed question's 'source' names no document", error.ToString());
        Assert.Equal("5 questions (4 reviewed) in 2 topics, 4 units; 0 problems, 1 warnings.", output.ToString().Trim());
    }

    [Fact]
    public void Validate_keeps_its_summary_when_there_is_no_warning()
    {
        using var bank = new TestBank();
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = AdminCommands.Validate(bank.Folder, output, error);

        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
        Assert.Equal("5 questions (4 reviewed) in 2 topics, 4 units; 0 problems.", output.ToString().Trim());
    }
}
