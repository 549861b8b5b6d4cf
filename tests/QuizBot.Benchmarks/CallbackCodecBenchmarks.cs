using BenchmarkDotNet.Attributes;
using QuizBot.Conversation;

namespace QuizBot.Benchmarks;

/// <summary>Every button of every question is encoded, and every press decoded.</summary>
[MemoryDiagnoser]
public class CallbackCodecBenchmarks
{
    private readonly CallbackPayload answer = new ChooseAnswer(1_234_567, 7, 3);
    private readonly CallbackPayload unit = new PickUnit(4_321);

    [Benchmark]
    public string EncodeAnswer() => CallbackCodec.Encode(answer);

    [Benchmark]
    public string EncodeUnit() => CallbackCodec.Encode(unit);

    [Benchmark]
    public CallbackPayload? DecodeAnswer() => CallbackCodec.Decode("a:1234567:7:3");

    [Benchmark]
    public CallbackPayload? DecodeSubmit() => CallbackCodec.Decode("s:1234567:7");

    /// <summary>A forged or stale button: refused.</summary>
    [Benchmark]
    public CallbackPayload? DecodeForged() => CallbackCodec.Decode("a:01234567:7:3");
}
