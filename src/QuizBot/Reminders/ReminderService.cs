using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;

namespace QuizBot.Reminders;

/// <summary>
/// Daily reminders at the local time each participant chose. The sweep (every minute, from Quartz) finds who is
/// due today and not yet reminded, including those whose time passed while the service was down; a sender then
/// takes them one by one in the transport's lower-priority lane, claims the day in <see cref="ReminderLog"/> (unique
/// per participant and day) and queues the message. A second sweep, a restart or a duplicate trigger finds the
/// claim and sends nothing: at most one reminder a day.
/// </summary>
public sealed class ReminderService(
    IServiceScopeFactory scopes, WriteGate gate, QuizClock clock, ChatOutputs outputs, ILogger<ReminderService> log) : BackgroundService
{
    /// <summary>Someone who has not practised for this long is no longer reminded: an active user is reminded, not a stranger.</summary>
    public static readonly TimeSpan ActiveFor = TimeSpan.FromDays(30);

    /// <summary>Days without practice after which the reminder becomes a gentle nudge.</summary>
    public const int NudgeAfterDays = 3;

    private readonly Channel<int> due = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<int> queuedToday = [];
    private DateOnly queuedOn;

    /// <returns>How many participants were newly queued for a reminder.</returns>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var (today, now) = (clock.Today(), clock.LocalTimeOfDay());
        // Everything set for this minute or earlier today; compared with the next minute's start, since the stored
        // time and the clock's can differ in how their seconds are written.
        var until = now is { Hour: 23, Minute: 59 } ? TimeOnly.MaxValue : new TimeOnly(now.Hour, now.Minute).AddMinutes(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var ids = await db.Participants.AsNoTracking()
            .Where(p => p.ReminderAt != null && p.ReminderAt < until && p.IsActive && p.Step == RegistrationStep.Registered
                        && !db.ReminderLogs.Any(r => r.ParticipantId == p.Id && r.Day == today))
            .OrderBy(p => p.ReminderAt).ThenBy(p => p.Id)
            .Select(p => p.Id)
            .ToListAsync(ct);
        var queued = 0;
        lock (queuedToday)
        {
            if (queuedOn != today)
            {
                queuedOn = today;
                queuedToday.Clear();
            }
            foreach (var id in ids.Where(queuedToday.Add))
            {
                due.Writer.TryWrite(id);
                queued++;
            }
        }
        if (queued > 0) log.LogInformation("{Count} daily reminders queued", queued);
        return queued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At once on start, not at the next minute: after a restart the rest of a wave (and anything that fell due
        // while the service was down) goes out now.
        try
        {
            await SweepAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogError(e, "The sweep on start failed; the next minute's sweep will try again");
        }
        await foreach (var id in due.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RemindAsync(id, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "The reminder for participant {ParticipantId} failed", id);
            }
        }
    }

    private async Task RemindAsync(int participantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var participant = await db.Participants.AsNoTracking().SingleAsync(p => p.Id == participantId, ct);
        if (participant is not { IsActive: true, ReminderAt: not null }) return;
        var lastAnswer = await db.Answers.Where(a => a.ParticipantId == participantId).MaxAsync(a => (DateTime?)a.AnsweredAt, ct);
        var registered = participant.RegisteredAt ?? participant.CreatedAt;
        if ((lastAnswer ?? registered) < clock.UtcNow - ActiveFor) return;

        var output = outputs.For(participant.Transport);
        await output.WaitBulkTurnAsync(ct);
        var today = clock.Today();
        var now = clock.UtcNow;
        // The claim comes first: a crash between it and the queueing loses this one reminder rather than doubling it.
        var claimed = await gate.WriteAsync(() => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "ReminderLogs" ("ParticipantId", "Day", "SentAt") VALUES ({participantId}, {today}, {now}) ON CONFLICT DO NOTHING""", ct), ct);
        if (claimed == 0) return;

        var t = Texts.For(participant.Language);
        var idle = lastAnswer is { } last ? today.DayNumber - clock.DayOf(last).DayNumber : today.DayNumber - clock.DayOf(registered).DayNumber;
        string text;
        if (idle >= NudgeAfterDays)
        {
            text = t.ReminderNudge(idle);
        }
        else
        {
            var endOfToday = clock.StartOfToday().AddDays(1);
            var reviews = await db.ReviewCards.CountAsync(c => c.ParticipantId == participantId && c.Due < endOfToday, ct);
            text = t.Reminder(reviews, await Streaks.OfAsync(db, clock, participantId, ct));
        }
        Button[] off = [new(t.RemindersOffButton, CallbackCodec.Encode(new SetReminder(null)))];
        await output.SendAsync(participant.ChatId, new OutgoingMessage(text, [off]), ct);
    }
}
