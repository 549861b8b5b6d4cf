using System.Globalization;
using System.Text;
using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.Leaderboards;

/// <summary>
/// /leaderboard [scope] [period]: the board as a monospace table, the top ten and the asker's own row, with
/// buttons that switch people/units, scope and period by editing the same message.
/// </summary>
public sealed class LeaderboardHandler(Leaderboard boards) : ICommandHandler, ICallbackHandler
{
    private static readonly BoardRequest Default = new(BoardKind.People, BoardScope.Commune, BoardPeriod.Week);

    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = LeaderboardTexts.For(context.Participant.Language);
        if (!IsRegistered(context.Participant))
        {
            await context.ReplyAsync(t.NeedRegistration, ct);
            return;
        }
        if (ParseArguments(arguments) is not { } request)
        {
            await context.ReplyAsync(t.Usage, ct);
            return;
        }
        await context.ReplyAsync(await ShowAsync(context.Participant, request, ct), ct);
    }

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        if (payload is not ShowBoard show || !IsRegistered(context.Participant))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await context.ToastAsync(null, ct);
        await context.EditOrReplyAsync(context.Update.Callback?.MessageId, await ShowAsync(context.Participant, show.Request, ct), ct);
    }

    private static bool IsRegistered(Participant p) => p.Step == RegistrationStep.Registered && p.UnitId is not null;

    private async Task<OutgoingMessage> ShowAsync(Participant asker, BoardRequest request, CancellationToken ct)
    {
        var t = LeaderboardTexts.For(asker.Language);
        return request.Kind == BoardKind.People
            ? LeaderboardMessage.People(t, await boards.PeopleAsync(asker, request, ct))
            : LeaderboardMessage.Units(t, await boards.UnitsAsync(asker, request, ct));
    }

    private static readonly Dictionary<string, BoardScope> ScopeWords = new()
    {
        ["cell"] = BoardScope.Cell, ["chi-bo"] = BoardScope.Cell, ["chi-bộ"] = BoardScope.Cell,
        ["commune"] = BoardScope.Commune, ["xa"] = BoardScope.Commune, ["xã"] = BoardScope.Commune,
        ["district"] = BoardScope.District, ["huyen"] = BoardScope.District, ["huyện"] = BoardScope.District,
        ["province"] = BoardScope.Province, ["tinh"] = BoardScope.Province, ["tỉnh"] = BoardScope.Province,
        ["all"] = BoardScope.All, ["tat-ca"] = BoardScope.All, ["tất-cả"] = BoardScope.All,
    };

    private static readonly Dictionary<string, BoardPeriod> PeriodWords = new()
    {
        ["week"] = BoardPeriod.Week, ["tuan"] = BoardPeriod.Week, ["tuần"] = BoardPeriod.Week,
        ["month"] = BoardPeriod.Month, ["thang"] = BoardPeriod.Month, ["tháng"] = BoardPeriod.Month,
        ["all"] = BoardPeriod.AllTime, ["tat-ca"] = BoardPeriod.AllTime, ["tất-cả"] = BoardPeriod.AllTime,
    };

    private static readonly Dictionary<string, BoardKind> KindWords = new()
    {
        ["people"] = BoardKind.People, ["ca-nhan"] = BoardKind.People, ["cá-nhân"] = BoardKind.People,
        ["units"] = BoardKind.Units, ["don-vi"] = BoardKind.Units, ["đơn-vị"] = BoardKind.Units,
    };

    /// <summary>
    /// "[scope] [period]" in either language, and optionally people/units. "all" is both a scope and a period:
    /// first it is the scope, after a scope the period. Null for anything else.
    /// </summary>
    public static BoardRequest? ParseArguments(string arguments)
    {
        var words = arguments.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture)
            .Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 3) return null;
        BoardScope? scope = null;
        BoardPeriod? period = null;
        BoardKind? kind = null;
        foreach (var word in words)
        {
            if (scope is null && ScopeWords.TryGetValue(word, out var s)) scope = s;
            else if (period is null && PeriodWords.TryGetValue(word, out var p)) period = p;
            else if (kind is null && KindWords.TryGetValue(word, out var k)) kind = k;
            else return null;
        }
        return new BoardRequest(kind ?? Default.Kind, scope ?? Default.Scope, period ?? Default.Period);
    }
}

/// <summary>Renders a board: heading, period, a &lt;pre&gt; table, and the switching buttons.</summary>
public static class LeaderboardMessage
{
    private const int PersonName = 16;
    private const int UnitName = 10;

    public static OutgoingMessage People(LeaderboardTexts t, BoardView<PersonRow> view)
    {
        var text = Heading(t, view.Request, view.ScopeName, view.Period);
        if (view.Top.Count == 0 && view.Own is null or { Rank: 0 }) return new OutgoingMessage(text + "\n\n" + t.Empty, Buttons(t, view.Request));
        var columns = t.PeopleColumns.Split('|');
        var table = new StringBuilder();
        table.Append(Line(false, "#", Fit(columns[0], PersonName), columns[1].PadLeft(5), columns[2].PadLeft(4)));
        foreach (var row in view.Top) table.Append('\n').Append(Person(row, row.ParticipantId == view.OwnId));
        if (view.Own is { } own)
        {
            table.Append("\n  …");
            table.Append('\n').Append(own.Rank == 0
                ? Line(true, "–", Fit(own.Name, PersonName), "0".PadLeft(5), "0".PadLeft(4)) + "  " + t.NotYet
                : Person(own, mine: true));
        }
        return new OutgoingMessage($"{text}\n<pre>{Html.Escape(table.ToString())}</pre>", Buttons(t, view.Request));
    }

    public static OutgoingMessage Units(LeaderboardTexts t, BoardView<UnitRow> view)
    {
        var text = Heading(t, view.Request, view.ScopeName, view.Period);
        if (view.Top.Count == 0) return new OutgoingMessage(text + "\n\n" + t.Empty, Buttons(t, view.Request));
        var c = t.UnitColumns.Split('|');
        var table = new StringBuilder();
        table.Append(Line(false, "#", Fit(c[0], UnitName), c[1].PadLeft(9), c[2].PadLeft(4), c[3].PadLeft(4), c[4].PadLeft(5)));
        foreach (var row in view.Top) table.Append('\n').Append(Unit(row, row.UnitId == view.OwnId));
        if (view.Own is { } own) table.Append("\n  …\n").Append(Unit(own, mine: true));
        return new OutgoingMessage($"{text}\n<pre>{Html.Escape(table.ToString())}</pre>\n<i>{Html.Escape(t.UnitLegend)}</i>", Buttons(t, view.Request));
    }

    private static string Heading(LeaderboardTexts t, BoardRequest request, string scopeName, PeriodKey period) =>
        $"{t.Heading(request.Kind, request.Scope, Html.Escape(scopeName))}\n{t.PeriodLine(period)}";

    private static string Person(PersonRow row, bool mine) =>
        Line(mine, Number(row.Rank), Fit(row.Name, PersonName), Number(row.Correct).PadLeft(5), Number(row.Answers).PadLeft(4));

    private static string Unit(UnitRow row, bool mine) =>
        Line(mine, Number(row.Rank), Fit(ShortName(row.Name), UnitName), $"{row.Participants}/{row.Members}".PadLeft(9),
            (row.Rate is { } rate ? Math.Round(rate * 100).ToString("0", CultureInfo.InvariantCulture) : "–").PadLeft(4),
            row.Mean.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(4), Number(row.Correct).PadLeft(5));

    /// <summary>A row: a marker for the asker's own, the rank right-aligned, then the cells.</summary>
    private static string Line(bool mine, string rank, params string[] cells) => $"{(mine ? '›' : ' ')}{rank,3} {string.Join(' ', cells)}";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>"Đảng bộ xã Một" → "xã Một": the kind is the board's, the name is what tells units apart.</summary>
    public static string ShortName(string name)
    {
        foreach (var prefix in new[] { "Đảng bộ ", "Chi bộ " })
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length) return name[prefix.Length..];
        }
        return name;
    }

    /// <summary>Cut or padded to a width of characters as a monospace font shows them.</summary>
    public static string Fit(string text, int width)
    {
        var elements = StringInfo.GetTextElementEnumerator(text.Normalize(NormalizationForm.FormC));
        var parts = new List<string>();
        while (elements.MoveNext()) parts.Add(elements.GetTextElement());
        if (parts.Count > width) parts = [.. parts.Take(width - 1), "…"];
        return string.Concat(parts) + new string(' ', width - parts.Count);
    }

    private static IReadOnlyList<IReadOnlyList<Button>> Buttons(LeaderboardTexts t, BoardRequest shown)
    {
        Button Choice(string label, bool current, BoardRequest to) => new((current ? "• " : "") + label, CallbackCodec.Encode(new ShowBoard(to.Kind, to.Scope, to.Period)));
        return
        [
            Enum.GetValues<BoardKind>().Select(k => Choice(t.KindButton(k), k == shown.Kind, shown with { Kind = k })).ToList(),
            Enum.GetValues<BoardScope>().Select(s => Choice(t.ScopeButton(s), s == shown.Scope, shown with { Scope = s })).ToList(),
            Enum.GetValues<BoardPeriod>().Select(p => Choice(t.PeriodButton(p), p == shown.Period, shown with { Period = p })).ToList(),
        ];
    }
}

public static class LeaderboardExtensions
{
    public static WebApplicationBuilder AddLeaderboards(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<BoardUnits>();
        services.AddSingleton<BoardTotals>();
        services.AddSingleton<QuizBot.Practice.IAnswerFollower>(s => s.GetRequiredService<BoardTotals>());
        services.AddSingleton<QuizBot.Contests.IResultsFollower>(s => s.GetRequiredService<BoardTotals>());
        // After the migrations (registered earlier), before the transports: a step of the start, not a background job.
        services.AddSingleton<IHostedService>(s => new StartupStep(ct => s.GetRequiredService<BoardTotals>().BackfillAsync(ct)));
        services.AddScoped<Leaderboard>();
        services.AddCommand<LeaderboardHandler>("leaderboard",
            new(LeaderboardTexts.Vietnamese.Description, LeaderboardTexts.English.Description), order: 35);
        services.AddCallback<ShowBoard, LeaderboardHandler>();
        return builder;
    }
}
