using QuizBot.Conversation;

namespace QuizBot.Practice;

public sealed record PickTopic(string Topic) : CallbackPayload, ICallbackPayload<PickTopic>
{
    public static string Prefix => "t";
    public override string ToData() => $"t:{Topic}";
    public static PickTopic? Parse(CallbackFields f) => f is { Count: 1 } && f.Word(0) is { } topic ? new(topic) : null;
}

/// <summary>An option pressed on the question at <see cref="Position"/> of an attempt (practice or round).</summary>
public sealed record ChooseAnswer(long AttemptId, int Position, int Option) : CallbackPayload, ICallbackPayload<ChooseAnswer>
{
    public static string Prefix => "a";
    public override string ToData() => CallbackCodec.Join(Prefix, AttemptId, Position, Option);

    public static ChooseAnswer? Parse(CallbackFields f) =>
        f is { Count: 3 } && f.Long(0) is { } attempt && f.Int(1) is { } position && f.Int(2) is { } option ? new(attempt, position, option) : null;
}

/// <summary>"Submit" on a multiple-answer question.</summary>
public sealed record SubmitAnswer(long AttemptId, int Position) : CallbackPayload, ICallbackPayload<SubmitAnswer>
{
    public static string Prefix => "s";
    public override string ToData() => CallbackCodec.Join(Prefix, AttemptId, Position);

    public static SubmitAnswer? Parse(CallbackFields f) =>
        f is { Count: 2 } && f.Long(0) is { } attempt && f.Int(1) is { } position ? new(attempt, position) : null;
}
