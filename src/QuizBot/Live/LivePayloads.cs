using QuizBot.Conversation;

namespace QuizBot.Live;

/// <summary>An option pressed on question <see cref="Index"/> of a live game, as its place on screen.</summary>
public sealed record LiveAnswer(int GameId, int Index, int Shown) : CallbackPayload, ICallbackPayload<LiveAnswer>
{
    public static string Prefix => "lv";
    public override string ToData() => CallbackCodec.Join(Prefix, GameId, Index, Shown);

    public static LiveAnswer? Parse(CallbackFields f) =>
        f is { Count: 3 } && f.Int(0) is { } game && f.Int(1) is { } index && f.Int(2) is { } shown ? new(game, index, shown) : null;
}
