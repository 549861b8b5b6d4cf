using System.Text;
using QuizBot.Conversation;

namespace QuizBot.Tests.Conversation;

public sealed class CallbackCodecTests
{
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
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Every_payload_survives_the_round_trip(CallbackPayload payload)
    {
        var data = CallbackCodec.Encode(payload);

        Assert.Equal(payload, CallbackCodec.Decode(data));
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
    public void Forged_or_malformed_data_decodes_to_nothing(string? data)
    {
        Assert.Null(CallbackCodec.Decode(data));
    }

    [Fact]
    public void A_payload_that_would_not_fit_64_bytes_is_refused_when_encoding()
    {
        Assert.Throws<ArgumentException>(() => CallbackCodec.Encode(new PickTopic(new string('x', 63))));
    }
}
