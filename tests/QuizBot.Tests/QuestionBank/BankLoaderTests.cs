using QuizBot.QuestionBank;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.QuestionBank;

public sealed class BankLoaderTests
{
    [Fact]
    public void A_duplicate_id_in_another_file_is_reported_where_it_repeats()
    {
        using var bank = new TestBank();
        bank.Write("more.yaml", TestBank.Cells.Replace("cells-001", "more-001").Replace("cells-002", "charter-001"));

        var loaded = BankLoader.Load(bank.Folder);

        var error = Assert.Single(loaded.Errors);
        Assert.Equal("more.yaml", error.Location.File);
        Assert.Equal("duplicate id 'charter-001' (first defined at charter.yaml:3)", error.Message);
        Assert.Contains("more.yaml", loaded.BrokenFiles);
        Assert.DoesNotContain("charter.yaml", loaded.BrokenFiles);
    }

    [Fact]
    public void The_unit_tree_keeps_parents_and_former_districts()
    {
        using var bank = new TestBank();

        var loaded = BankLoader.Load(bank.Folder);

        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        Assert.Equal(["P1", "P1-C1", "P1-C1-CB1", "P1-C1-CB2"], loaded.Units.Select(u => u.Code));
        Assert.Equal("P1-C1", loaded.Units[2].ParentCode);
        Assert.Equal("Huyện Cũ", loaded.Units[1].FormerDistrict);
        Assert.Equal(UnitKind.Cell, loaded.Units[3].Kind);
    }

    [Fact]
    public void A_unit_with_an_unknown_kind_is_reported()
    {
        using var bank = new TestBank();
        bank.Write("org-units.yaml", TestBank.Units.Replace("kind: commune", "kind: village"));

        var loaded = BankLoader.Load(bank.Folder);

        Assert.Equal("org-units.yaml:8: 'kind' must be one of province, district, commune, base, cell, not 'village'", Assert.Single(loaded.Errors).ToString());
    }

    /// <summary>The bank that ships: CI fails when an edit breaks it.</summary>
    [Fact]
    public void The_shipped_question_bank_is_valid()
    {
        var folder = Path.Combine(RepositoryRoot(), "question-bank");

        var loaded = BankLoader.Load(folder);

        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors.Take(20)));
        Assert.True(loaded.Questions.Count >= 40, $"{loaded.Questions.Count} questions");
        Assert.True(loaded.Questions.Select(q => q.Topic).Distinct().Count() >= 4);
        Assert.Contains(loaded.Units, u => u.Kind == UnitKind.Cell);
        Assert.All(loaded.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Content.Source)));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuizBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("QuizBot.sln not found above the test folder");
    }
}
