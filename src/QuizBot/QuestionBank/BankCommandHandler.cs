using Microsoft.Extensions.Options;
using QuizBot.Conversation;

namespace QuizBot.QuestionBank;

/// <summary>/bank reload (admins): reloads the files now and reports what changed and what is wrong.</summary>
public sealed class BankCommandHandler(BankReloader reloader, IOptions<AdminOptions> admins) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (!admins.Value.IsAdmin(context.Participant))
        {
            await context.ReplyAsync(context.T.AdminsOnly, ct);
            return;
        }
        if (!arguments.Trim().Equals("reload", StringComparison.OrdinalIgnoreCase))
        {
            await context.ReplyAsync(context.T.BankUsage, ct);
            return;
        }
        var report = await reloader.ReloadAsync(notifyAdmins: false, ct);
        await context.ReplyAsync(BankReloader.Describe(report, context.T), ct);
    }
}
