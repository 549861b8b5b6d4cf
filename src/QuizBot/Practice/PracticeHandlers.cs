using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using Microsoft.Extensions.Options;
using QuizBot.QuestionBank;

namespace QuizBot.Practice;

/// <summary>/practice [topic] [n], in either order.</summary>
public sealed class PracticeCommandHandler(QuestionRunner practice, QuestionCatalog catalog, IOptions<QuizOptions> options) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (context.Participant.Step != RegistrationStep.Registered)
        {
            await context.ReplyAsync(context.T.NeedRegistration, ct);
            return;
        }
        var max = options.Value.MaxPracticeSize;
        string? topic = null;
        var count = options.Value.DefaultPracticeSize;
        foreach (var word in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))
        {
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || word.All(char.IsAsciiDigit))
            {
                if (n is < 1 || n > max)
                {
                    await context.ReplyAsync(context.T.BadCount(max), ct);
                    return;
                }
                count = n;
            }
            else if (catalog.FindTopic(word.ToLowerInvariant()) is { } known)
            {
                topic = known.Id;
            }
            else
            {
                var menu = TopicMenu(context, catalog);
                await context.ReplyAsync(menu with { Html = context.T.UnknownTopic(Html.Escape(word.Length > 40 ? word[..40] : word)) + "\n" + menu.Html }, ct);
                return;
            }
        }
        await practice.StartAsync(context, topic, count, ct);
    }

    public static OutgoingMessage TopicMenu(ConversationContext context, QuestionCatalog catalog) =>
        new(context.T.PracticeUsage,
            catalog.Topics.Select(t => (IReadOnlyList<Button>)[new Button(t.Name.For(context.Participant.Language), CallbackCodec.Encode(new PickTopic(t.Id)))]).ToList());
}

/// <summary>The buttons of a practice quiz.</summary>
/// <summary>/review: the questions FSRS has due now, and nothing else.</summary>
public sealed class ReviewCommandHandler(QuestionRunner practice, IOptions<QuizOptions> options) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (context.Participant.Step != RegistrationStep.Registered)
        {
            await context.ReplyAsync(context.T.NeedRegistration, ct);
            return;
        }
        await practice.ReviewAsync(context, options.Value.MaxPracticeSize, ct);
    }
}

public sealed class PracticeCallbacks(QuestionRunner practice, QuestionCatalog catalog, IOptions<QuizOptions> options) : ICallbackHandler
{
    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        switch (payload)
        {
            case PickTopic pick when context.Participant.Step == RegistrationStep.Registered && catalog.FindTopic(pick.Topic) is not null:
                await context.ToastAsync(null, ct);
                await practice.StartAsync(context, pick.Topic, options.Value.DefaultPracticeSize, ct);
                break;
            case ChooseAnswer choose:
                await practice.ChooseAsync(context, choose, ct);
                break;
            case SubmitAnswer submit:
                await practice.SubmitAsync(context, submit, ct);
                break;
            default:
                await context.ToastAsync(context.T.ButtonClosed, ct);
                break;
        }
    }
}

/// <summary>Closes questions whose time ran out, also those asked before a restart.</summary>
public sealed class AttemptTimeoutService(
    IServiceScopeFactory scopes, ChatLocks locks, ChatOutputs outputs, TimeProvider clock, ILogger<AttemptTimeoutService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ExpireDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Closing timed-out questions failed");
            }
        }
    }

    public async Task ExpireDueAsync(CancellationToken ct)
    {
        List<(long Id, Transport Transport, long ChatId)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = await db.Attempts
                .Where(s => s.Status == AttemptStatus.Active && s.CurrentDeadline != null && s.CurrentDeadline <= now)
                .OrderBy(s => s.CurrentDeadline).Take(200)
                .Select(s => new { s.Id, s.Transport, s.ChatId })
                .ToListAsync(ct);
            due = rows.Select(s => (s.Id, s.Transport, s.ChatId)).ToList();
        }
        foreach (var (id, transport, chatId) in due)
        {
            using var chatLock = await locks.AcquireAsync(transport, chatId, ct);
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<QuestionRunner>().ExpireAsync(id, outputs.For(transport), ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(e, "Could not close the timed-out question of session {AttemptId}", id);
            }
        }
    }
}
