using QuizBot.QuestionBank;
using QuizBot.QuestionBank.Formats;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.QuestionBank;

/// <summary><c>bank import</c> and <c>bank export</c> as an organiser runs them, on a temporary copy of a bank.</summary>
public sealed class BankImportCommandTests : IDisposable
{
    private const string Gift = """
        // Nhập từ Moodle
        $CATEGORY: $course$/top/Điều lệ

        ::Chi bộ họp::Chi bộ họp thường lệ mấy lần một tháng?{=Một lần ~Hai lần ~Ba lần}

        Đảng viên dự bị có quyền biểu quyết không?{FALSE}

        ::Kỷ luật::Hình thức kỷ luật đảng viên chính thức?{~%50%Khiển trách ~%50%Cảnh cáo ~%-100%Giải tán}
        """;

    private readonly TestBank bank = new();
    private readonly string work = Path.Combine(Path.GetTempPath(), "quizbot-import-" + Guid.NewGuid().ToString("N")[..8]);

    public BankImportCommandTests() => Directory.CreateDirectory(work);

    public void Dispose()
    {
        bank.Dispose();
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(work, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Task<int> Run(params string[] args) => AdminCommands.RunAsync(args);

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(bank.Folder).ToDictionary(path => Path.GetFileName(path), File.ReadAllText);

    [Fact]
    public async Task An_imported_gift_file_leaves_a_bank_that_loads_without_errors()
    {
        var file = WriteFile("moodle.gift", Gift);

        var exit = await Run("bank", "import", "--format", "gift", file, "--topic", "charter", "--path", bank.Folder);

        Assert.Equal(0, exit);
        var loaded = BankLoader.Load(bank.Folder);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var imported = loaded.Questions.Where(q => q.Location.File == "charter-imported.yaml").ToList();
        Assert.Equal(["charter-chi-bo-hop", "charter-004", "charter-ky-luat"], imported.Select(q => q.Id));
        Assert.All(imported, q => Assert.Equal(QuestionStatus.Draft, q.Status));
        Assert.All(imported, q => Assert.Equal(["needs-translation", "needs-review"], q.Tags));
        Assert.All(imported, q => Assert.Equal("Imported from moodle.gift", q.Content.Source));
        Assert.Equal([QuestionType.Single, QuestionType.TrueFalse, QuestionType.Multi], imported.Select(q => q.Type));
    }

    [Fact]
    public async Task A_second_import_appends_with_ids_that_do_not_collide()
    {
        var gift = WriteFile("moodle.gift", Gift);
        var aiken = WriteFile("more.txt", "Which day do cells meet?\nA. The 1st\nB. The 3rd\nANSWER: B\n");

        Assert.Equal(0, await Run("bank", "import", "--format", "gift", gift, "--topic", "charter", "--path", bank.Folder));
        Assert.Equal(0, await Run("bank", "import", "--format", "gift", gift, "--topic", "charter", "--path", bank.Folder));
        Assert.Equal(0, await Run("bank", "import", "--format", "aiken", aiken, "--topic", "charter", "--lang", "en", "--path", bank.Folder));

        var loaded = BankLoader.Load(bank.Folder);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var imported = loaded.Questions.Where(q => q.Location.File == "charter-imported.yaml").ToList();
        Assert.Equal(
            ["charter-chi-bo-hop", "charter-004", "charter-ky-luat", "charter-005", "charter-006", "charter-007", "charter-008"],
            imported.Select(q => q.Id));
        Assert.Equal(new LocalizedText("Which day do cells meet?", "Which day do cells meet?"), imported[^1].Content.Text);
        Assert.Equal(5, Snapshot().Count);
    }

    [Fact]
    public async Task An_unknown_topic_is_refused_and_nothing_is_written()
    {
        var file = WriteFile("moodle.gift", Gift);
        var before = Snapshot();

        var exit = await Run("bank", "import", "--format", "gift", file, "--topic", "astrology", "--path", bank.Folder);

        Assert.Equal(1, exit);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_file_with_a_broken_question_is_refused_and_nothing_is_written()
    {
        var longOption = new string('x', 101);
        var file = WriteFile("broken.gift", Gift + $"\n\nCâu quá dài?{{={longOption} ~Ngắn}}\n");
        var before = Snapshot();

        var exit = await Run("bank", "import", "--format", "gift", file, "--topic", "charter", "--path", bank.Folder);

        Assert.Equal(1, exit);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Problems_are_reported_at_the_import_files_lines_in_the_banks_words()
    {
        var longOption = new string('x', 101);
        var csvPath = Path.Combine(work, "q.csv");
        var csv = """
            id,type,difficulty,status,text_vi,text_en,option_a_vi,option_a_en,option_b_vi,option_b_en,answer,explanation_vi,explanation_en,source
            charter-001,single,1,draft,Câu?,Question?,Một,One,Hai,Two,A,Vì.,Because.,Nguồn
            ,single,1,draft,Câu?,,Một,One,Hai,Two,A,Vì.,Because.,Nguồn
            ,multi,1,draft,Câu?,Question?,Một,One,
            """ + longOption + ",Two,A;B,Vì.,Because.,Nguồn\n";

        var plan = BankImport.Plan(bank.Folder, BankLoader.Load(bank.Folder), new CsvFormat(), csv, new ImportSettings("charter", "vi", csvPath));

        Assert.Equal(
        [
            $"{csvPath}:2: id 'charter-001' is already in the bank (charter.yaml:3); leave the id empty to get a new one",
            $"{csvPath}:3: 'text' has no text in 'en'",
            $"{csvPath}:4: 'option' in 'vi' is 101 characters long; at most 100 fit",
        ], plan.Errors.Select(e => e.ToString()));
        Assert.False(plan.CanWrite);
    }

    [Fact]
    public async Task A_gift_export_of_the_bank_imports_back_into_a_copy_of_it()
    {
        var exported = Path.Combine(work, "bank.gift");
        Assert.Equal(0, await Run("bank", "export", "--format", "gift", "--topic", "cells", "--out", exported, "--path", bank.Folder));

        Assert.Equal(0, await Run("bank", "import", "--format", "gift", exported, "--topic", "cells", "--path", bank.Folder));

        var loaded = BankLoader.Load(bank.Folder);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var originals = loaded.Questions.Where(q => q.Location.File == "cells.yaml").ToList();
        var copies = loaded.Questions.Where(q => q.Location.File == "cells-imported.yaml").ToList();
        Assert.Equal(["cells-003", "cells-004"], copies.Select(q => q.Id));
        Assert.Equal(originals.Select(q => FormatSupport.InLanguage(q, "vi")), copies.Select(q => FormatSupport.InLanguage(q, "vi")));
    }

    [Theory]
    [InlineData("gift")]
    [InlineData("aiken")]
    [InlineData("csv")]
    public async Task Every_format_exports_the_bank_to_a_file(string format)
    {
        var exported = Path.Combine(work, "bank." + format);

        var exit = await Run("bank", "export", "--format", format, "--lang", "en", "--out", exported, "--path", bank.Folder);

        Assert.Equal(0, exit);
        Assert.Contains("How often does a cell meet?", File.ReadAllText(exported));
    }

    [Fact]
    public async Task A_csv_export_imports_back_under_new_ids_with_every_field()
    {
        var exported = Path.Combine(work, "bank.csv");
        Assert.Equal(0, await Run("bank", "export", "--format", "csv", "--topic", "charter", "--out", exported, "--path", bank.Folder));
        // As an organiser would to add the questions again: clear the id column.
        var lines = File.ReadAllLines(exported);
        File.WriteAllLines(exported, lines.Take(1).Concat(lines.Skip(1).Select(l => l[l.IndexOf(',')..])));

        Assert.Equal(0, await Run("bank", "import", "--format", "csv", exported, "--topic", "charter", "--path", bank.Folder));

        var loaded = BankLoader.Load(bank.Folder);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var originals = loaded.Questions.Where(q => q.Location.File == "charter.yaml").ToList();
        var copies = loaded.Questions.Where(q => q.Location.File == "charter-imported.yaml").ToList();
        Assert.Equal(["charter-004", "charter-005", "charter-006"], copies.Select(q => q.Id));
        Assert.Equal(
            originals.Select(q => FormatSupport.Canonical(q with { Id = "" })),
            copies.Select(q => FormatSupport.Canonical(q with { Id = "" })));
    }
}
