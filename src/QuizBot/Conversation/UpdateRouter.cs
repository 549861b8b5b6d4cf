using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Conversation;

public interface ICommandHandler
{
    Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct);
}

public interface ICallbackHandler
{
    Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct);
}

/// <summary>Handles what a participant types while the conversation expects free text (such as their name).</summary>
public interface ITextHandler
{
    Task<bool> AcceptsAsync(ConversationContext context, CancellationToken ct);

    Task HandleAsync(ConversationContext context, string text, CancellationToken ct);
}

/// <summary>Who may run a command: everyone, or holders of a role (admins hold every role).</summary>
public enum Role { Everyone, Judge, Organizer, Admin }

/// <summary>Answers the router's role check; the roles feature provides it.</summary>
public interface IRoleCheck
{
    Task<bool> HoldsAsync(Participant participant, Role role, CancellationToken ct);
}

/// <summary>
/// The single entry of every transport: finds the participant, routes by the update's shape, and is the one
/// error boundary, so a failing handler costs the user one apology and nothing else.
/// </summary>
public sealed class UpdateRouter(
    IServiceScopeFactory scopes,
    CommandTable table,
    ChatOutputs outputs,
    ChatLocks locks,
    TimeProvider clock,
    ILogger<UpdateRouter> log)
{
    public const int MaxTextLength = 4096;

    /// <summary>Every update looks its sender up: compiled once rather than translated on each call.</summary>
    private static readonly CompiledPerModel<Func<QuizBotDb, Transport, long, CancellationToken, Task<Participant?>>> ParticipantOf = new(() =>
        EF.CompileAsyncQuery((QuizBotDb db, Transport transport, long externalId, CancellationToken ct) =>
            db.Participants.SingleOrDefault(p => p.Transport == transport && p.ExternalId == externalId)));

    public async Task HandleAsync(IncomingUpdate update, CancellationToken ct)
    {
        using var chatLock = await locks.AcquireAsync(update.Chat.Transport, update.Order, ct);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var output = outputs.For(update.Chat.Transport);
        ConversationContext? context = null;
        try
        {
            var participant = await FindOrCreateParticipantAsync(services.GetRequiredService<QuizBotDb>(), update, ct);
            context = new ConversationContext(update, participant, output);
            if (update.Callback is { } callback) await RouteCallbackAsync(services, context, callback, ct);
            else await RouteTextAsync(services, context, update.Text ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Update from {Transport} chat {ChatId} failed", update.Chat.Transport, update.Chat.ChatId);
            await ApologiseAsync(update, context, output, ct);
        }
    }

    private async Task RouteCallbackAsync(IServiceProvider services, ConversationContext context, CallbackRef callback, CancellationToken ct)
    {
        if (table.Decode(callback.Data) is not var (payload, handlerType))
        {
            log.LogInformation("Refused callback data {Data} from chat {ChatId}", callback.Data, context.ChatId);
            await context.ToastAsync(context.T.ButtonClosed, ct);
            return;
        }
        await ((ICallbackHandler)services.GetRequiredService(handlerType)).HandleAsync(context, payload, ct);
        await context.ToastAsync(null, ct);
    }

    private async Task RouteTextAsync(IServiceProvider services, ConversationContext context, string text, CancellationToken ct)
    {
        text = text.Trim();
        if (text.StartsWith('/'))
        {
            var (name, arguments) = SplitCommand(text);
            if (table.Find(name) is { } command)
            {
                if (command.Role != Role.Everyone && !await services.GetRequiredService<IRoleCheck>().HoldsAsync(context.Participant, command.Role, ct))
                {
                    log.LogInformation("Refused /{Command} to participant {ParticipantId}: not {Role}", name, context.Participant.Id, command.Role);
                    await context.ReplyAsync(context.T.NotAllowed(command.Role), ct);
                    return;
                }
                await ((ICommandHandler)services.GetRequiredService(command.Handler)).HandleAsync(context, arguments, ct);
            }
            else
            {
                await context.ReplyAsync(context.T.UnknownCommand(Html.Escape(Shorten(name, 32))), ct);
            }
            return;
        }
        if (text.Length > 0)
        {
            foreach (var handler in services.GetServices<ITextHandler>())
            {
                if (!await handler.AcceptsAsync(context, ct)) continue;
                await handler.HandleAsync(context, text, ct);
                return;
            }
        }
        await context.ReplyAsync(context.T.FreeTextHint, ct);
    }

    /// <summary>"/practice@QuizBot charter 5" → ("practice", "charter 5").</summary>
    internal static (string Name, string Arguments) SplitCommand(string text)
    {
        var space = text.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? text[1..] : text[1..space];
        var arguments = space < 0 ? "" : text[(space + 1)..].Trim();
        var at = head.IndexOf('@');
        if (at >= 0) head = head[..at];
        return (head.ToLowerInvariant(), arguments);
    }

    private async Task<Participant> FindOrCreateParticipantAsync(QuizBotDb db, IncomingUpdate update, CancellationToken ct)
    {
        var transport = update.Chat.Transport;
        var participant = await ParticipantOf.For(db)(db, transport, update.From.Id, ct);
        if (participant is null && update.Callback is not null && !update.Chat.IsPrivate)
        {
            // A group member answering a group quiz need not have talked to the bot: a press costs no write of its
            // own (a whole hall presses within seconds), so they are a guest, not stored.
            return Guest(update);
        }
        if (participant is null)
        {
            participant = new Participant
            {
                Transport = transport,
                ExternalId = update.From.Id,
                // A person's private chat; in Telegram its id is the person's own, wherever they first wrote.
                ChatId = update.Chat.IsPrivate ? update.Chat.ChatId : update.From.Id,
                DisplayName = Shorten(update.From.DisplayName.Trim(), 64),
                Username = update.From.Username,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Participants.Add(participant);
            await db.SaveChangesAsync(ct);
        }
        else if (!participant.IsActive || (update.Chat.IsPrivate && participant.ChatId != update.Chat.ChatId) || participant.Username != update.From.Username)
        {
            // Writing again means they unblocked the bot.
            participant.IsActive = true;
            if (update.Chat.IsPrivate) participant.ChatId = update.Chat.ChatId;
            participant.Username = update.From.Username;
            await db.SaveChangesAsync(ct);
        }
        return participant;
    }

    /// <summary>Someone the bot has not met, pressing in a group: known by name for this update only (Id 0).</summary>
    private Participant Guest(IncomingUpdate update) => new()
    {
        Transport = update.Chat.Transport,
        ExternalId = update.From.Id,
        ChatId = update.From.Id,
        DisplayName = Shorten(update.From.DisplayName.Trim(), 64),
        Username = update.From.Username,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    private async Task ApologiseAsync(IncomingUpdate update, ConversationContext? context, IChatOutput output, CancellationToken ct)
    {
        var texts = context?.T ?? Texts.For(Languages.Vietnamese);
        try
        {
            if (update.Callback is { } callback)
            {
                if (context is not null) await context.ToastAsync(texts.SomethingWentWrong, ct);
                else await output.AnswerCallbackAsync(callback.Id, texts.SomethingWentWrong, ct);
            }
            else
            {
                await output.SendAsync(update.Chat.ChatId, new OutgoingMessage(texts.SomethingWentWrong), ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not tell chat {ChatId} that its update failed", update.Chat.ChatId);
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
