using BenchmarkDotNet.Attributes;
using QuizBot.Practice;

namespace QuizBot.Benchmarks;

/// <summary>Scoring runs on every answer; the option order on every question shown and every answer.</summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private readonly int[] singleChosen = [2];
    private readonly int[] singleAnswer = [2];
    private readonly int[] multiChosen = [0, 2, 4];
    private readonly int[] multiAnswer = [0, 2, 4];
    private readonly int[] multiWrong = [0, 1, 4];

    [Benchmark]
    public bool IsCorrectSingle() => Scoring.IsCorrect(singleChosen, singleAnswer);

    [Benchmark]
    public bool IsCorrectMulti() => Scoring.IsCorrect(multiChosen, multiAnswer);

    [Benchmark]
    public bool IsWrongMulti() => Scoring.IsCorrect(multiWrong, multiAnswer);

    [Benchmark]
    public int[] OptionOrderOfFour() => Scoring.OptionOrder(1_987_654_321, 6, 4);

    [Benchmark]
    public int[] OptionOrderOfSix() => Scoring.OptionOrder(1_987_654_321, 6, 6);
}
