using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using QuizBot.Contests;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.QuestionBank;
using QuizBot.Practice;

namespace QuizBot.Digest;

/// <summary>
/// The Monday digest of the week before, from the leaderboards' kept totals: each configured group chat gets its
/// unit's board (leading sub-units and people, the most improved) and a participation chart as a photo; each
/// organizer gets participation per sub-unit of their units, those under 50 % flagged. A chat's digest of a week is
/// claimed in <see cref="DigestLog"/> just before it is queued, so Quartz firing twice, or a catch-up after a
/// restart, sends nothing twice. Everything goes in the dispatcher's lower-priority lane.
/// </summary>
public sealed class WeeklyDigest(
    IServiceScopeFactory scopes, ChatOutputs outputs, WriteGate gate, QuizClock clock, BoardUnits boardUnits,
    IOptions<DigestOptions> options, ILogger<WeeklyDigest> log)
{
    public const double FlagBelow = 0.5;
    private const int TopUnits = 10;
    private const int TopPeople = 10;
    private const int Improved = 3;

    /// <summary>
    /// Sends last week's digest; only on a Monday (local), so a trigger missed for longer than that day (the
    /// service was down) does not send a stale digest days later.
    /// </summary>
    public async Task SendDueAsync(CancellationToken ct)
    {
        var today = clock.Today();
        if (today.DayOfWeek != DayOfWeek.Monday)
        {
            log.LogInformation("Weekly digest skipped: {Day} is not the Monday after the week", today);
            return;
        }
        await SendAsync(BoardPeriods.Of(BoardPeriod.Week, today.AddDays(-7)), ct);
    }

    public async Task SendAsync(PeriodKey week, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<QuizBotDb>();
        var board = services.GetRequiredService<Leaderboard>();
        var units = await boardUnits.GetAsync(ct);
        var telegram = outputs.For(Transport.Telegram);
        int groups = 0, organizers = 0;

        foreach (var group in options.Value.GroupChats)
        {
            var unit = await UnitOfAsync(db, units, group.Unit, ct);
            if (unit is null)
            {
                log.LogWarning("Digest group chat {ChatId} names unit {Unit}, which the unit tree does not have", group.ChatId, group.Unit);
                continue;
            }
            await telegram.WaitBulkTurnAsync(ct);
            if (!await ClaimAsync(db, group.ChatId, week, ct)) continue;
            var rows = await board.UnitRowsAsync(Listed(units, unit, week), week, ct);
            var people = await board.TopPeopleAsync(await board.PeopleRowsAsync([unit.Id], week, ct, inScoreOrder: true), TopPeople, ct);
            var improved = await board.MostImprovedAsync([unit.Id], week, Improved, ct);
            var t = DigestTexts.Vietnamese;
            await telegram.SendAsync(group.ChatId, new OutgoingMessage(DigestMessage.Group(Languages.Vietnamese, unit.Name, week, rows, people, improved)), ct);
            var chart = ParticipationChart.Render(t.ChartTitle(unit.Name), t.ChartAxis,
                rows.OrderByDescending(r => r.Rate ?? -1).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => new ChartBar(r.Name, r.Rate)).ToList());
            await telegram.WaitBulkTurnAsync(ct);
            await telegram.SendPhotoAsync(group.ChatId, chart, t.ChartCaption(Html.Escape(unit.Name), DigestTexts.Week(Languages.Vietnamese, week)), ct);
            groups++;
        }

        var grants = await db.RoleGrants.AsNoTracking().Where(g => g.Role == GrantedRole.Organizer && g.RevokedAt == null)
            .Select(g => new { g.TelegramUserId, g.UnitId }).ToListAsync(ct);
        foreach (var organizer in grants.GroupBy(g => g.TelegramUserId))
        {
            var person = await db.Participants.AsNoTracking().Where(p => p.Transport == Transport.Telegram && p.ExternalId == organizer.Key)
                .Select(p => new { p.ChatId, p.Language }).FirstOrDefaultAsync(ct);
            // A private chat's id is the user's id: an organizer granted before they ever wrote to the bot is still reachable.
            var (chatId, language) = (person?.ChatId ?? organizer.Key, person?.Language ?? Languages.Vietnamese);
            var theirs = organizer.Select(g => g.UnitId).Distinct().Where(units.ById.ContainsKey).Select(id => units.ById[id]).ToList();
            if (theirs.Count == 0) continue;
            await telegram.WaitBulkTurnAsync(ct);
            if (!await ClaimAsync(db, chatId, week, ct)) continue;
            var sections = new List<(BoardUnit Unit, List<UnitRow> Rows)>();
            foreach (var unit in theirs) sections.Add((unit, await board.UnitRowsAsync(Listed(units, unit, week), week, ct)));
            await telegram.SendAsync(chatId, new OutgoingMessage(DigestMessage.Organizer(language, week, sections)), ct);
            organizers++;
        }
        log.LogInformation("Weekly digest of {Week}: {Groups} group chats and {Organizers} organizers", week.StartText, groups, organizers);
    }

    private static async Task<BoardUnit?> UnitOfAsync(QuizBotDb db, BoardUnits.Snapshot units, string code, CancellationToken ct) =>
        await db.Units.AsNoTracking().Where(u => u.Code == code).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct) is { } id
            ? units.ById.GetValueOrDefault(id)
            : null;

    /// <summary>A unit's sub-units that existed in the week (a cell, having none, stands for itself).</summary>
    private static IReadOnlyList<BoardUnit> Listed(BoardUnits.Snapshot units, BoardUnit unit, PeriodKey week)
    {
        var children = units.Children.GetValueOrDefault(unit.Id)?.Where(u => u.ValidUntil is null || u.ValidUntil >= week.Start).ToList();
        return children is { Count: > 0 } ? children : [unit];
    }

    /// <summary>Claims a chat's digest of a week: false when it was claimed before.</summary>
    private async Task<bool> ClaimAsync(QuizBotDb db, long chatId, PeriodKey week, CancellationToken ct) =>
        await gate.WriteAsync(() => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "DigestLogs" ("ChatId", "WeekStart", "SentAt") VALUES ({chatId}, {week.Start}, {clock.UtcNow}) ON CONFLICT DO NOTHING""",
            ct), ct) > 0;
}

/// <summary>Renders the digest's messages: headings and short monospace tables, as the leaderboards draw theirs.</summary>
public static class DigestMessage
{
    private const int NameWidth = 18;

    public static string Group(string language, string unitName, PeriodKey week, IReadOnlyList<UnitRow> units,
        IReadOnlyList<PersonRow> people, IReadOnlyList<ImprovedRow> improved)
    {
        var t = DigestTexts.For(language);
        var boards = LeaderboardTexts.For(language);
        var text = new StringBuilder(t.GroupHeading(Html.Escape(unitName), DigestTexts.Week(language, week)));
        if (people.Count == 0)
        {
            text.Append("\n\n").Append(t.Empty);
        }
        if (units.Count > 1 || people.Count > 0)
        {
            var c = boards.UnitColumns.Split('|');
            var table = new StringBuilder(Line("#", LeaderboardMessage.Fit(c[0], NameWidth), c[1].PadLeft(9), c[2].PadLeft(4), c[4].PadLeft(5)));
            foreach (var row in units.Take(10))
            {
                table.Append('\n').Append(Line(Number(row.Rank), LeaderboardMessage.Fit(LeaderboardMessage.ShortName(row.Name), NameWidth),
                    $"{row.Participants}/{row.Members}".PadLeft(9), Percent(row.Rate).PadLeft(4), Number(row.Correct).PadLeft(5)));
            }
            text.Append("\n\n").Append(t.UnitsHeading).Append($"\n<pre>{Html.Escape(table.ToString())}</pre>");
        }
        if (people.Count > 0)
        {
            var c = boards.PeopleColumns.Split('|');
            var table = new StringBuilder(Line("#", LeaderboardMessage.Fit(c[0], NameWidth), c[1].PadLeft(5), c[2].PadLeft(4)));
            foreach (var row in people)
            {
                table.Append('\n').Append(Line(Number(row.Rank), LeaderboardMessage.Fit(row.Name, NameWidth), Number(row.Correct).PadLeft(5), Number(row.Answers).PadLeft(4)));
            }
            text.Append("\n\n").Append(t.PeopleHeading).Append($"\n<pre>{Html.Escape(table.ToString())}</pre>");
            text.Append("\n\n").Append(t.ImprovedHeading);
            if (improved.Count == 0) text.Append('\n').Append(t.NoneImproved);
            foreach (var row in improved) text.Append('\n').Append(t.ImprovedLine(Html.Escape(row.Name), row.Before, row.Correct));
        }
        return text.ToString();
    }

    public static string Organizer(string language, PeriodKey week, IReadOnlyList<(BoardUnit Unit, List<UnitRow> Rows)> sections)
    {
        var t = DigestTexts.For(language);
        var text = new StringBuilder(t.OrganizerHeading(DigestTexts.Week(language, week)));
        foreach (var (unit, rows) in sections)
        {
            text.Append("\n\n<b>").Append(Html.Escape(unit.Name)).Append("</b>");
            // Lowest first: the units that need a call are at the top.
            foreach (var row in rows.OrderBy(r => r.Rate ?? double.MaxValue).ThenBy(r => r.Name, StringComparer.Ordinal))
            {
                var flagged = row.Rate < WeeklyDigest.FlagBelow;
                text.Append('\n').Append(flagged ? t.Flag : "✅").Append(' ').Append(Html.Escape(row.Name)).Append(": ")
                    .Append(row.Rate is null ? $"{row.Participants} · {t.NoMembers}" : $"{row.Participants}/{row.Members} ({Percent(row.Rate)} %)");
            }
            text.Append('\n').Append(t.OrganizerSummary(rows.Count(r => r.Rate < WeeklyDigest.FlagBelow), rows.Count));
        }
        return text.ToString();
    }

    private static string Line(string rank, params string[] cells) => $"{rank,3} {string.Join(' ', cells)}";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? rate) => rate is { } r ? Math.Round(r * 100).ToString("0", CultureInfo.InvariantCulture) : "–";
}

/// <summary>Monday 08:00 local: last week's digest.</summary>
[DisallowConcurrentExecution]
public sealed class WeeklyDigestJob(WeeklyDigest digest) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await digest.SendDueAsync(cancellationToken);
}
