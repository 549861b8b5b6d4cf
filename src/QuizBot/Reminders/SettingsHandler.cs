using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.QuestionBank;
using QuizBot.Registration;

namespace QuizBot.Reminders;

/// <summary>
/// /settings: the language, the daily reminder (a common time by button, any time typed as HH:MM, or off) and a move
/// to another unit (logged; boards count a participant in their current unit).
/// </summary>
public sealed class SettingsHandler(QuizBotDb db, WriteGate gate, UnitTree units, BoardTotals boards, ILogger<SettingsHandler> log) : ICommandHandler, ICallbackHandler
{
    private static readonly TimeOnly[] CommonTimes = [new(6, 0), new(7, 30), new(12, 0), new(20, 0), new(21, 30)];

    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (context.Participant.Step != RegistrationStep.Registered)
        {
            await context.ReplyAsync(context.T.NeedRegistration, ct);
            return;
        }
        var typed = arguments.Trim();
        if (typed.Length > 0)
        {
            if (!TimeOnly.TryParseExact(typed, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                await context.ReplyAsync(context.T.BadReminderTime, ct);
                return;
            }
            await SetAsync(context, at, ct);
            await context.ReplyAsync(context.T.ReminderSet(Show(at)), ct);
            return;
        }
        await context.ReplyAsync(Menu(context), ct);
    }

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        if (context.Participant.Step != RegistrationStep.Registered || payload is not (SetReminder or MoveUnit))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        if (payload is MoveUnit move)
        {
            await MoveAsync(context, move.UnitId, ct);
            return;
        }
        var set = (SetReminder)payload;
        var at = set.MinuteOfDay is { } m ? new TimeOnly(m / 60, m % 60) : (TimeOnly?)null;
        await SetAsync(context, at, ct);
        await context.ToastAsync(at is { } time ? context.T.ReminderSet(Show(time)) : context.T.RemindersOff, ct);
        await context.EditOrReplyAsync(context.Update.Callback?.MessageId, Menu(context), ct);
    }

    private async Task MoveAsync(ConversationContext context, int unitId, CancellationToken ct)
    {
        var messageId = context.Update.Callback?.MessageId;
        if (unitId == 0)
        {
            await context.ToastAsync(null, ct);
            await context.EditOrReplyAsync(messageId, await units.ChooserAsync(context.T, null, ct, moving: true), ct);
            return;
        }
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null || !units.IsCurrent(unit))
        {
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await context.ToastAsync(null, ct);
        if (unit.Kind != UnitKind.Cell)
        {
            await context.EditOrReplyAsync(messageId, await units.ChooserAsync(context.T, unit.Id, ct, moving: true), ct);
            return;
        }
        var participant = context.Participant;
        var from = participant.UnitId;
        // The boards' totals go along in the same transaction: a participant counts in their current unit.
        await boards.MoveAsync(participant.Id, unit.Id, ct);
        participant.UnitId = unit.Id;
        log.LogInformation("Participant {ParticipantId} moved from unit {FromUnit} to unit {ToUnit}", participant.Id, from, unit.Id);
        await context.EditOrReplyAsync(messageId, new OutgoingMessage(context.T.UnitChanged(Html.Escape(await units.PathAsync(unit.Id, ct)))), ct);
    }

    private async Task SetAsync(ConversationContext context, TimeOnly? at, CancellationToken ct)
    {
        var id = context.Participant.Id;
        await gate.WriteAsync(() => db.Participants.Where(p => p.Id == id).ExecuteUpdateAsync(p => p.SetProperty(x => x.ReminderAt, at), ct), ct);
        context.Participant.ReminderAt = at;
        log.LogInformation("Participant {ParticipantId} set the daily reminder to {ReminderAt}", id, at?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "off");
    }

    private static OutgoingMessage Menu(ConversationContext context)
    {
        var t = context.T;
        var current = context.Participant.ReminderAt;
        var text = $"{t.SettingsHeader}\n{t.SettingsLanguage}\n{t.SettingsReminder(current is { } c ? Show(c) : null)}\n\n{t.SettingsHint}";
        var times = CommonTimes.Select(time => new Button((time == current ? "✅ " : "") + Show(time), CallbackCodec.Encode(new SetReminder(time.Hour * 60 + time.Minute)))).ToList();
        return new OutgoingMessage(text,
        [
            times.Take(3).ToList(),
            times.Skip(3).ToList(),
            [new Button(t.RemindersOffButton, CallbackCodec.Encode(new SetReminder(null)))],
            [new Button(t.ChangeUnitButton, CallbackCodec.Encode(new MoveUnit(0)))],
            [new Button("🇻🇳 Tiếng Việt", CallbackCodec.Encode(new SetLanguage(Languages.Vietnamese))), new Button("🇬🇧 English", CallbackCodec.Encode(new SetLanguage(Languages.English)))],
        ]);
    }

    private static string Show(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
