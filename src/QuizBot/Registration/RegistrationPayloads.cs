using QuizBot.Conversation;

namespace QuizBot.Registration;

public sealed record PickUnit(int UnitId) : CallbackPayload, ICallbackPayload<PickUnit>
{
    public static string Prefix => "u";
    public override string ToData() => CallbackCodec.Join(Prefix, UnitId);
    public static PickUnit? Parse(CallbackFields f) => f is { Count: 1 } && f.Int(0) is { } unit ? new(unit) : null;
}

public sealed record ConfirmName : CallbackPayload, ICallbackPayload<ConfirmName>
{
    public static string Prefix => "n";
    public override string ToData() => "n:ok";
    public static ConfirmName? Parse(CallbackFields f) => f is { Count: 1 } && f.Is(0, "ok") ? new() : null;
}

public sealed record ChangeName : CallbackPayload, ICallbackPayload<ChangeName>
{
    public static string Prefix => "n";
    public override string ToData() => "n:edit";
    public static ChangeName? Parse(CallbackFields f) => f is { Count: 1 } && f.Is(0, "edit") ? new() : null;
}
