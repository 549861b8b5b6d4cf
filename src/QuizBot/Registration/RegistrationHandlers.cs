using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.QuestionBank;

namespace QuizBot.Registration;

/// <summary>/start: a new participant walks the unit tree; a registered one is welcomed back.</summary>
public sealed class StartHandler(QuizBotDb db, UnitTree units, QuestionRunner practice, QuizClock quizClock, StartPayloads payloads)
    : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var participant = context.Participant;
        if (participant.Step != RegistrationStep.Registered)
        {
            // A deep link (t.me/bot?start=r_CODE) is followed once they have registered.
            if (arguments.Length is > 0 and <= 64) participant.PendingStart = arguments;
            participant.Step = RegistrationStep.ChoosingUnit;
            await db.SaveChangesAsync(ct);
            await context.ReplyAsync(await units.ChooserAsync(context.T, parentId: null, ct), ct);
            return;
        }

        var since = quizClock.StartOfToday();
        var today = await db.Answers.Where(a => a.ParticipantId == participant.Id && a.AnsweredAt >= since)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Correct = g.Count(a => a.IsCorrect) }).SingleOrDefaultAsync(ct);
        var unit = await units.PathAsync(participant.UnitId, ct);
        await context.ReplyAsync(context.T.WelcomeBack(Html.Escape(participant.DisplayName), Html.Escape(unit), today?.Count ?? 0, today?.Correct ?? 0), ct);

        if (arguments.Length > 0 && await payloads.HandleAsync(context, arguments, ct)) return;
        await practice.ResendCurrentAsync(context, ct);
    }
}

/// <summary>The buttons of registration: a unit picked, the name confirmed or to be typed.</summary>
public sealed class RegistrationCallbacks(QuizBotDb db, UnitTree units, TimeProvider clock, StartPayloads payloads) : ICallbackHandler
{
    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        var participant = context.Participant;
        var messageId = context.Update.Callback?.MessageId;
        if (participant.Step == RegistrationStep.Registered)
        {
            await context.ToastAsync(context.T.AlreadyRegistered, ct);
            return;
        }
        // Stop the button's spinner before the work: a late answer to a press is refused by Telegram.
        if (payload is PickUnit or ConfirmName or ChangeName) await context.ToastAsync(null, ct);
        switch (payload)
        {
            case PickUnit { UnitId: 0 }:
                participant.Step = RegistrationStep.ChoosingUnit;
                await db.SaveChangesAsync(ct);
                await context.EditOrReplyAsync(messageId, await units.ChooserAsync(context.T, null, ct), ct);
                break;

            case PickUnit pick:
                var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == pick.UnitId, ct);
                if (unit is null || !units.IsCurrent(unit))
                {
                    await context.ToastAsync(context.T.ButtonClosed, ct);
                    return;
                }
                if (unit.Kind != UnitKind.Cell)
                {
                    await context.EditOrReplyAsync(messageId, await units.ChooserAsync(context.T, unit.Id, ct), ct);
                    return;
                }
                participant.UnitId = unit.Id;
                if (string.IsNullOrWhiteSpace(participant.DisplayName))
                {
                    participant.Step = RegistrationStep.TypingName;
                    await db.SaveChangesAsync(ct);
                    await context.EditOrReplyAsync(messageId, new OutgoingMessage(context.T.AskName), ct);
                    return;
                }
                participant.Step = RegistrationStep.ConfirmingName;
                await db.SaveChangesAsync(ct);
                await context.EditOrReplyAsync(messageId, await ConfirmationAsync(context, ct), ct);
                break;

            case ConfirmName when participant is { Step: RegistrationStep.ConfirmingName, UnitId: not null }:
                participant.Step = RegistrationStep.Registered;
                participant.RegisteredAt = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct);
                var path = await units.PathAsync(participant.UnitId, ct);
                await context.EditOrReplyAsync(messageId,
                    new OutgoingMessage(context.T.Registered(Html.Escape(participant.DisplayName), Html.Escape(path))), ct);
                if (participant.PendingStart is { } pending)
                {
                    participant.PendingStart = null;
                    await db.SaveChangesAsync(ct);
                    await payloads.HandleAsync(context, pending, ct);
                }
                break;

            case ChangeName when participant is { Step: RegistrationStep.ConfirmingName }:
                participant.Step = RegistrationStep.TypingName;
                await db.SaveChangesAsync(ct);
                await context.EditOrReplyAsync(messageId, new OutgoingMessage(context.T.AskName), ct);
                break;

            default:
                await context.ToastAsync(context.T.ButtonClosed, ct);
                break;
        }
    }

    internal static async Task<OutgoingMessage> ConfirmationAsync(ConversationContext context, UnitTree units, CancellationToken ct)
    {
        var t = context.T;
        var path = await units.PathAsync(context.Participant.UnitId, ct);
        return new OutgoingMessage(
            t.ConfirmName(Html.Escape(path), Html.Escape(context.Participant.DisplayName)),
            [
                [new Button(t.UseThisName, CallbackCodec.Encode(new ConfirmName()))],
                [new Button(t.TypeAnotherName, CallbackCodec.Encode(new ChangeName()))],
                [new Button(t.ChooseUnitAgain, CallbackCodec.Encode(new PickUnit(0)))],
            ]);
    }

    private Task<OutgoingMessage> ConfirmationAsync(ConversationContext context, CancellationToken ct) =>
        ConfirmationAsync(context, units, ct);
}

/// <summary>The name a participant types during registration.</summary>
public sealed class NameTextHandler(QuizBotDb db, UnitTree units) : ITextHandler
{
    public Task<bool> AcceptsAsync(ConversationContext context, CancellationToken ct) =>
        Task.FromResult(context.Participant.Step == RegistrationStep.TypingName);

    public async Task HandleAsync(ConversationContext context, string text, CancellationToken ct)
    {
        var name = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length is < 2 or > 64 || !name.Any(char.IsLetter))
        {
            await context.ReplyAsync(context.T.BadName, ct);
            return;
        }
        context.Participant.DisplayName = name;
        context.Participant.Step = context.Participant.UnitId is null ? RegistrationStep.ChoosingUnit : RegistrationStep.ConfirmingName;
        await db.SaveChangesAsync(ct);
        await context.ReplyAsync(context.Participant.UnitId is null
            ? await units.ChooserAsync(context.T, null, ct)
            : await RegistrationCallbacks.ConfirmationAsync(context, units, ct), ct);
    }
}
