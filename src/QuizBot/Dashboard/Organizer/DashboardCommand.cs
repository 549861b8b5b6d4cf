using QuizBot.Conversation;
using QuizBot.Practice;

namespace QuizBot.Dashboard.Organizer;

/// <summary>/dashboard: a one-time login link to the organizer pages, sent without a link preview, in a private chat only.</summary>
public sealed class DashboardCommand(LoginLinks links, DashboardAddress address, QuizClock clock, ILogger<DashboardCommand> log) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var t = OrganizerTexts.For(context.Participant.Language);
        // Everyone in a group would read the link, and whoever pressed first would be the organizer.
        if (!context.Update.Chat.IsPrivate)
        {
            await context.ReplyAsync(t.LinkInPrivateOnly, ct);
            return;
        }
        var (token, expiresAt) = await links.IssueAsync(context.Participant, ct);
        // The token is a credential for ten minutes: it is never logged.
        log.LogInformation("Dashboard login link issued to participant {ParticipantId}", context.Participant.Id);
        var message = t.LinkMessage(Html.Escape(address.LoginLink(token)), clock.Show(expiresAt));
        await context.ReplyAsync(new OutgoingMessage(message, NoLinkPreview: true), ct);
    }
}
