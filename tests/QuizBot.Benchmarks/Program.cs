using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// A short job (1 launch, 3 warm-ups, 3 measured iterations: BenchmarkDotNet's ShortRun) run in this process:
// minutes on two cores rather than an hour, and no generated project to restore. Good for "did this get
// slower by a lot", not for single-digit percentages.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"))
    .AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(QuizBot.Benchmarks.UpdateParsingBenchmarks).Assembly).Run(args, config);
