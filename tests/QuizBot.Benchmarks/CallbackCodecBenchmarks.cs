using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Conversation;
using QuizBot.Practice;
using QuizBot.Registration;

namespace QuizBot.Benchmarks;

/// <summary>Every button of every question is encoded, and every press decoded.</summary>
[MemoryDiagnoser]
public class CallbackCodecBenchmarks
{
    private readonly CallbackPayload answer = new ChooseAnswer(1_234_567, 7, 3);
    private readonly CallbackPayload unit = new PickUnit(4_321);
    private readonly CommandTable table = ServiceTable();

    private static CommandTable ServiceTable()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddConversation();
        builder.AddPractice();
        return builder.Services.BuildServiceProvider().GetRequiredService<CommandTable>();
    }

    [Benchmark]
    public string EncodeAnswer() => CallbackCodec.Encode(answer);

    [Benchmark]
    public string EncodeUnit() => CallbackCodec.Encode(unit);

    [Benchmark]
    public (CallbackPayload, Type)? DecodeAnswer() => table.Decode("a:1234567:7:3");

    [Benchmark]
    public (CallbackPayload, Type)? DecodeSubmit() => table.Decode("s:1234567:7");

    /// <summary>A forged or stale button: refused.</summary>
    [Benchmark]
    public (CallbackPayload, Type)? DecodeForged() => table.Decode("a:01234567:7:3");
}
