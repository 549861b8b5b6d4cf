using BenchmarkDotNet.Attributes;
using QuizBot.LoadTests.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Benchmarks;

/// <summary>
/// Reading and checking a whole bank folder: the real one, and a generated one of 10,000 questions (the size the
/// start-up budget names), made by the load harness's generator.
/// </summary>
[MemoryDiagnoser]
public class BankLoadingBenchmarks
{
    private string generated = "";

    [Params("real", "10k")]
    public string Bank { get; set; } = "real";

    [GlobalSetup]
    public void Setup()
    {
        if (Bank != "10k") return;
        generated = Directory.CreateTempSubdirectory("quizbot-bench-bank-").FullName;
        BankGenerator.Generate(Repository.QuestionBank, generated, 10_000);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (generated.Length > 0) Directory.Delete(generated, recursive: true);
    }

    [Benchmark]
    public int Load()
    {
        var bank = BankLoader.Load(Bank == "10k" ? generated : Repository.QuestionBank);
        if (!bank.IsValid) throw new InvalidOperationException($"the bank has {bank.Errors.Count} problems, first: {bank.Errors[0]}");
        return bank.Questions.Count;
    }
}
