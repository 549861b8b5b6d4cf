using QuizBot.Conversation;

namespace QuizBot.Reminders;

/// <summary>A registered participant moving to another unit walks the tree with these (0: the top).</summary>
public sealed record MoveUnit(int UnitId) : CallbackPayload, ICallbackPayload<MoveUnit>
{
    public static string Prefix => "m";
    public override string ToData() => CallbackCodec.Join(Prefix, UnitId);
    public static MoveUnit? Parse(CallbackFields f) => f is { Count: 1 } && f.Int(0) is { } unit ? new(unit) : null;
}

/// <summary>The daily reminder at this local minute of the day (0–1439); null turns reminders off.</summary>
public sealed record SetReminder(int? MinuteOfDay) : CallbackPayload, ICallbackPayload<SetReminder>
{
    public static string Prefix => "r";
    public override string ToData() => MinuteOfDay is { } m ? CallbackCodec.Join(Prefix, m) : "r:off";

    public static SetReminder? Parse(CallbackFields f) => f.Count != 1 ? null
        : f.Is(0, "off") ? new SetReminder((int?)null)
        : f.Int(0) is { } m && m < 24 * 60 ? new SetReminder(m)
        : null;
}
