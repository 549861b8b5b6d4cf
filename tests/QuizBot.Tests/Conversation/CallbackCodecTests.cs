using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Conversation;
using QuizBot.Practice;
using QuizBot.Registration;
using QuizBot.Reminders;

namespace QuizBot.Tests.Conversation;

/// <summary>Every button kind the features register, through the table the router decodes with.</summary>
public sealed class CallbackCodecTests
{
    /// <summary>The command table exactly as the service builds it from its features.</summary>
    internal static CommandTable ServiceTable()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddConversation();
        builder.AddPractice();
        return builder.Services.BuildServiceProvider().GetRequiredService<CommandTable>();
    }

    private static readonly CommandTable Table = ServiceTable();

    public static TheoryData<CallbackPayload> Payloads =>
    [
        new PickUnit(0),
        new PickUnit(42),
        new ConfirmName(),
        new ChangeName(),
        new PickTopic("resolution-21"),
        new ChooseAnswer(long.MaxValue / 1000, 49, 5),
        new SubmitAnswer(7, 3),
        new SetLanguage("en"),
        new MoveUnit(0),
        new MoveUnit(12),
        new SetReminder(0),
        new SetReminder(1439),
        new SetReminder(null),
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Every_payload_survives_the_round_trip(CallbackPayload payload)
    {
        var data = CallbackCodec.Encode(payload);

        Assert.Equal(payload, Table.Decode(data)?.Payload);
        Assert.InRange(Encoding.UTF8.GetByteCount(data), 1, 64);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("zzz")]
    [InlineData("u:")]
    [InlineData("u:-1")]
    [InlineData("u:007")]
    [InlineData("u: 7")]
    [InlineData("u:1:2")]
    [InlineData("a:1:2")]
    [InlineData("a:1:2:x")]
    [InlineData("a:99999999999999999999:0:0")]
    [InlineData("n:maybe")]
    [InlineData("l:fr")]
    [InlineData("t:bad topic")]
    [InlineData("t:Điều-lệ")]
    [InlineData("r:1440")]
    [InlineData("r:off:1")]
    [InlineData("s:1")]
    public void Forged_or_malformed_data_decodes_to_nothing(string? data)
    {
        Assert.Null(Table.Decode(data));
    }

    [Fact]
    public void A_payload_that_would_not_fit_64_bytes_is_refused_when_encoding()
    {
        Assert.Throws<ArgumentException>(() => CallbackCodec.Encode(new PickTopic(new string('x', 63))));
    }

    [Fact]
    public void Each_kind_goes_to_the_handler_its_feature_registered()
    {
        Assert.Equal(typeof(PracticeCallbacks), Table.Decode("a:7:0:1")?.Handler);
        Assert.Equal(typeof(RegistrationCallbacks), Table.Decode("n:ok")?.Handler);
        Assert.Equal(typeof(SettingsHandler), Table.Decode("r:off")?.Handler);
        Assert.Equal(typeof(LanguageHandler), Table.Decode("l:vi")?.Handler);
    }

    [Fact]
    public void Two_features_registering_the_same_command_stop_the_start()
    {
        var help = new CommandInfo("help", typeof(HelpHandler), new("a", "a"));
        Assert.Throws<InvalidOperationException>(() => new CommandTable([help, help with { Order = 1 }], []));
    }
}
