using System.Globalization;
using System.Text;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;

namespace QuizBot.Leaderboards;

/// <summary>
/// /leaderboard [scope] [period]: the board as a monospace table, the top ten and the asker's own row, with
/// buttons that switch people/units, scope and period by editing the same message. /leaderboard CODE: a published
/// round's ranking and units, the same way; a button leads there from the boards of whoever took part in one.
/// </summary>
public sealed class LeaderboardHandler(Leaderboard boards, RoundBoards rounds) : ICommandHandler, ICallbackHandler
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
        if (ParseArguments(arguments) is { } request)
        {
            await context.ReplyAsync(await ShowAsync(context.Participant, request, ct), ct);
            return;
        }
        if (ParseRoundArguments(arguments) is not var (code, kind))
        {
            await context.ReplyAsync(t.Usage, ct);
            return;
        }
        var round = await boards.RoundAsync(code, ct);
        if (round is null) await context.ReplyAsync(t.NoRound(Html.Escape(code)) + "\n" + t.Usage, ct);
        else if (!RoundResults.ArePublished(round)) await context.ReplyAsync(t.RoundNotOut(Html.Escape(round.Code)), ct);
        else await context.ReplyAsync(await ShowRoundAsync(context.Participant, round, kind, ct), ct);
    }

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        if (!IsRegistered(context.Participant))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        OutgoingMessage? board = payload switch
        {
            ShowBoard show => await ShowAsync(context.Participant, show.Request, ct),
            ShowRoundBoard show when await boards.RoundAsync(show.RoundId, ct) is { } round && RoundResults.ArePublished(round) =>
                await ShowRoundAsync(context.Participant, round, show.Kind, ct),
            _ => null,
        };
        if (board is null)
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await context.ToastAsync(null, ct);
        await context.EditOrReplyAsync(context.Update.Callback?.MessageId, board, ct);
    }

    private static bool IsRegistered(Participant p) => p.Step == RegistrationStep.Registered && p.UnitId is not null;

    private async Task<OutgoingMessage> ShowAsync(Participant asker, BoardRequest request, CancellationToken ct)
    {
        var t = LeaderboardTexts.For(asker.Language);
        var round = await boards.LastRoundTakenAsync(asker.Id, ct);
        return request.Kind == BoardKind.People
            ? LeaderboardMessage.People(t, await boards.PeopleAsync(asker, request, ct), round)
            : LeaderboardMessage.Units(t, await boards.UnitsAsync(asker, request, ct), round);
    }

    private async Task<OutgoingMessage> ShowRoundAsync(Participant asker, Round round, BoardKind kind, CancellationToken ct)
    {
        var t = LeaderboardTexts.For(asker.Language);
        var outcome = await rounds.OutcomeAsync(round, ct);
        return kind == BoardKind.People ? LeaderboardMessage.RoundPeople(t, outcome, asker) : LeaderboardMessage.RoundUnits(t, outcome, asker);
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

    /// <summary>
    /// "CODE [people|units]": a round code (2–16 letters and digits, any case) where the words name no scope,
    /// period or kind (those are read first, so a round cannot hide the boards' own words). Null for anything else.
    /// </summary>
    public static (string Code, BoardKind Kind)? ParseRoundArguments(string arguments)
    {
        var words = arguments.Normalize(NormalizationForm.FormC).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 2) return null;
        var code = words[0].ToUpperInvariant();
        if (code.Length is < 2 or > 16 || !code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))) return null;
        if (words.Length == 1) return (code, BoardKind.People);
        return KindWords.TryGetValue(words[1].ToLower(CultureInfo.InvariantCulture), out var kind) ? (code, kind) : null;
    }
}

/// <summary>Renders a board: heading, period, a &lt;pre&gt; table, and the switching buttons.</summary>
public static class LeaderboardMessage
{
    private const int PersonName = 16;
    private const int UnitName = 10;

    /// <summary>A board is read from the totals whenever it is asked for: it can be made again, so it is not kept in the outbox.</summary>
    private static OutgoingMessage Board(string html, IReadOnlyList<IReadOnlyList<Button>> buttons) => new(html, buttons, Regenerable: true);

    public static OutgoingMessage People(LeaderboardTexts t, BoardView<PersonRow> view, RoundLink? round = null)
    {
        var text = Heading(t, view.Request, view.ScopeName, view.Period);
        if (view.Top.Count == 0 && view.Own is null or { Rank: 0 }) return Board(text + "\n\n" + t.Empty, Buttons(t, view.Request, round));
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
        return Board($"{text}\n<pre>{Html.Escape(table.ToString())}</pre>", Buttons(t, view.Request, round));
    }

    public static OutgoingMessage Units(LeaderboardTexts t, BoardView<UnitRow> view, RoundLink? round = null)
    {
        var text = Heading(t, view.Request, view.ScopeName, view.Period);
        if (view.Top.Count == 0) return Board(text + "\n\n" + t.Empty, Buttons(t, view.Request, round));
        var c = t.UnitColumns.Split('|');
        var table = new StringBuilder();
        table.Append(Line(false, "#", Fit(c[0], UnitName), c[1].PadLeft(9), c[2].PadLeft(4), c[3].PadLeft(4), c[4].PadLeft(5)));
        foreach (var row in view.Top) table.Append('\n').Append(Unit(row, row.UnitId == view.OwnId));
        if (view.Own is { } own) table.Append("\n  …\n").Append(Unit(own, mine: true));
        return Board($"{text}\n<pre>{Html.Escape(table.ToString())}</pre>\n<i>{Html.Escape(t.UnitLegend)}</i>", Buttons(t, view.Request, round));
    }

    /// <summary>A published round's ranking: the top ten and the asker's own place, as the results list them.</summary>
    public static OutgoingMessage RoundPeople(LeaderboardTexts t, RoundOutcome outcome, Participant asker)
    {
        var text = t.RoundHeading(Html.Escape(outcome.Round.Code), Html.Escape(outcome.Round.Title));
        var buttons = RoundButtons(t, outcome.Round, BoardKind.People);
        if (outcome.Ranking.Count == 0) return Board(text + "\n\n" + t.RoundEmpty, buttons);
        var c = t.RoundPeopleColumns.Split('|');
        var table = new StringBuilder();
        table.Append(Line(false, "#", Fit(c[0], PersonName), c[1].PadLeft(5), c[2].PadLeft(5)));
        var top = outcome.Ranking.Take(Leaderboard.TopCount).ToList();
        foreach (var row in top) table.Append('\n').Append(Contestant(row, row.Attempt.ParticipantId == asker.Id));
        if (top.All(r => r.Attempt.ParticipantId != asker.Id))
        {
            table.Append("\n  …\n");
            table.Append(outcome.Ranking.FirstOrDefault(r => r.Attempt.ParticipantId == asker.Id) is { } own
                ? Contestant(own, mine: true)
                : Line(true, "–", Fit(asker.DisplayName, PersonName)) + "  " + t.NotInRound);
        }
        return Board($"{text}\n<pre>{Html.Escape(table.ToString())}</pre>", buttons);
    }

    /// <summary>A published round per unit, in the results' order: the top ten and the asker's unit.</summary>
    public static OutgoingMessage RoundUnits(LeaderboardTexts t, RoundOutcome outcome, Participant asker)
    {
        var text = t.RoundHeading(Html.Escape(outcome.Round.Code), Html.Escape(outcome.Round.Title));
        var buttons = RoundButtons(t, outcome.Round, BoardKind.Units);
        if (outcome.Units.Count == 0) return Board(text + "\n\n" + t.RoundEmpty, buttons);
        var c = t.RoundUnitColumns.Split('|');
        var table = new StringBuilder();
        table.Append(Line(false, "#", Fit(c[0], UnitName), c[1].PadLeft(9), c[2].PadLeft(4), c[3].PadLeft(5)));
        var ranked = outcome.Units.Select((u, i) => (Rank: i + 1, Unit: u)).ToList();
        foreach (var (rank, unit) in ranked.Take(Leaderboard.TopCount)) table.Append('\n').Append(RoundUnit(rank, unit, unit.UnitId == asker.UnitId));
        if (ranked.Skip(Leaderboard.TopCount).FirstOrDefault(r => r.Unit.UnitId == asker.UnitId) is { Unit: not null } own)
        {
            table.Append("\n  …\n").Append(RoundUnit(own.Rank, own.Unit, mine: true));
        }
        return Board($"{text}\n<pre>{Html.Escape(table.ToString())}</pre>\n<i>{Html.Escape(t.RoundUnitLegend)}</i>", buttons);
    }

    private static string Contestant(ContestantResult row, bool mine) =>
        Line(mine, Number(row.Rank), Fit(row.Attempt.FullName, PersonName), Score(row.Attempt.Score).PadLeft(5),
            (row.Attempt.TotalTimeMs / 1000.0).ToString("0", CultureInfo.InvariantCulture).PadLeft(5));

    private static string RoundUnit(int rank, UnitResult row, bool mine) =>
        Line(mine, Number(rank), Fit(ShortName(row.UnitName), UnitName), $"{row.Participants}/{row.Members}".PadLeft(9),
            (row.ParticipationRate is { } rate ? Math.Round(rate * 100).ToString("0", CultureInfo.InvariantCulture) : "–").PadLeft(4),
            (row.MeanScore is { } mean ? mean.ToString("0.0", CultureInfo.InvariantCulture) : "–").PadLeft(5));

    private static string Score(double score) => score.ToString("0.##", CultureInfo.InvariantCulture);

    private static IReadOnlyList<IReadOnlyList<Button>> RoundButtons(LeaderboardTexts t, Round round, BoardKind shown) =>
    [
        Enum.GetValues<BoardKind>().Select(k => new Button((k == shown ? "• " : "") + t.KindButton(k), CallbackCodec.Encode(new ShowRoundBoard(round.Id, k)))).ToList(),
        [new Button(t.BackButton, CallbackCodec.Encode(new ShowBoard(BoardKind.People, BoardScope.Commune, BoardPeriod.Week)))],
    ];

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

    /// <param name="round">The latest published round the asker took part in: a fourth row leads to its board.</param>
    private static IReadOnlyList<IReadOnlyList<Button>> Buttons(LeaderboardTexts t, BoardRequest shown, RoundLink? round)
    {
        Button Choice(string label, bool current, BoardRequest to) => new((current ? "• " : "") + label, CallbackCodec.Encode(new ShowBoard(to.Kind, to.Scope, to.Period)));
        List<IReadOnlyList<Button>> rows =
        [
            Enum.GetValues<BoardKind>().Select(k => Choice(t.KindButton(k), k == shown.Kind, shown with { Kind = k })).ToList(),
            Enum.GetValues<BoardScope>().Select(s => Choice(t.ScopeButton(s), s == shown.Scope, shown with { Scope = s })).ToList(),
            Enum.GetValues<BoardPeriod>().Select(p => Choice(t.PeriodButton(p), p == shown.Period, shown with { Period = p })).ToList(),
        ];
        if (round is not null) rows.Add([new Button(t.RoundButton(round.Code), CallbackCodec.Encode(new ShowRoundBoard(round.Id, BoardKind.People)))]);
        return rows;
    }
}

public static class LeaderboardExtensions
{
    public static WebApplicationBuilder AddLeaderboards(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<BoardUnits>();
        services.AddSingleton<Standings>();
        services.AddSingleton<BoardTotals>();
        services.AddSingleton<QuizBot.Practice.IAnswerFollower>(s => s.GetRequiredService<BoardTotals>());
        services.AddSingleton<QuizBot.Contests.IResultsFollower>(s => s.GetRequiredService<BoardTotals>());
        // After the migrations (registered earlier), before the transports: a step of the start, not a background job.
        services.AddSingleton<IHostedService>(s => new StartupStep(async ct =>
        {
            await s.GetRequiredService<BoardTotals>().BackfillAsync(ct);
            await s.GetRequiredService<Standings>().WarmAsync(ct);
        }));
        services.AddScoped<Leaderboard>();
        services.AddSingleton<RoundBoards>();
        services.AddCommand<LeaderboardHandler>("leaderboard",
            new(LeaderboardTexts.Vietnamese.Description, LeaderboardTexts.English.Description), order: 35);
        services.AddCallback<ShowBoard, LeaderboardHandler>();
        services.AddCallback<ShowRoundBoard, LeaderboardHandler>();
        return builder;
    }
}
