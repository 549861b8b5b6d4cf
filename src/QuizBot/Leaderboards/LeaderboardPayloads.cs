using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.Leaderboards;

/// <summary>A leaderboard button: which board to show in place of the one on screen, e.g. "lb:p:m:w".</summary>
public sealed record ShowBoard(BoardKind Kind, BoardScope Scope, BoardPeriod Period) : CallbackPayload, ICallbackPayload<ShowBoard>
{
    private static readonly string[] Kinds = ["p", "u"];
    private static readonly string[] Scopes = ["c", "m", "d", "p", "a"];
    private static readonly string[] Periods = ["w", "m", "a"];

    public static string Prefix => "lb";

    public override string ToData() => $"lb:{Kinds[(int)Kind]}:{Scopes[(int)Scope]}:{Periods[(int)Period - 1]}";

    public static ShowBoard? Parse(CallbackFields f) =>
        f is { Count: 3 } && Array.IndexOf(Kinds, f[0]) is >= 0 and var kind && Array.IndexOf(Scopes, f[1]) is >= 0 and var scope
            && Array.IndexOf(Periods, f[2]) is >= 0 and var period
            ? new((BoardKind)kind, (BoardScope)scope, (BoardPeriod)(period + 1))
            : null;

    public BoardRequest Request => new(Kind, Scope, Period);
}

/// <summary>A round board's button: a published round's ranking of people or of units, e.g. "lb:r:12:u".</summary>
public sealed record ShowRoundBoard(int RoundId, BoardKind Kind) : CallbackPayload, ICallbackPayload<ShowRoundBoard>
{
    private static readonly string[] Kinds = ["p", "u"];

    public static string Prefix => "lb";

    public override string ToData() => FormattableString.Invariant($"lb:r:{RoundId}:{Kinds[(int)Kind]}");

    public static ShowRoundBoard? Parse(CallbackFields f) =>
        f is { Count: 3 } && f[0] == "r" && f.Int(1) is > 0 and var round && Array.IndexOf(Kinds, f[2]) is >= 0 and var kind
            ? new(round, (BoardKind)kind)
            : null;
}
