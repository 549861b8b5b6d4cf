using System.Text;
using Microsoft.Extensions.Options;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Conversation;

/// <summary>What a feature says in a group's /help: what it does there and what the bot needs for it.</summary>
public interface IGroupHelp
{
    string For(string language);
}

/// <summary>/help: what the participant can do, from the same table the router uses; in a group, what the bot does there.</summary>
public sealed class HelpHandler(CommandTable table, IRoleCheck roles, IEnumerable<IGroupHelp> groupHelp) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (!context.Update.Chat.IsPrivate && groupHelp.Any())
        {
            await context.ReplyAsync(string.Join("\n\n", groupHelp.Select(h => h.For(context.Participant.Language))), ct);
            return;
        }
        var text = new StringBuilder(context.T.HelpHeader).Append('\n');
        var held = new Dictionary<Role, bool>();
        foreach (var command in table.Commands)
        {
            if (!held.TryGetValue(command.Role, out var holds))
            {
                held[command.Role] = holds = await roles.HoldsAsync(context.Participant, command.Role, ct);
            }
            if (!holds) continue;
            text.Append("\n/").Append(command.Name).Append(" — ").Append(Html.Escape(command.Description.For(context.Participant.Language)));
        }
        text.Append("\n\n").Append(context.T.HelpFooter);
        await context.ReplyAsync(text.ToString(), ct);
    }
}

/// <summary>/lang vi|en, or buttons to choose.</summary>
public sealed class LanguageHandler(QuizBotDb db) : ICommandHandler, ICallbackHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        var code = arguments.Trim().ToLowerInvariant();
        if (Languages.IsSupported(code))
        {
            await SetAsync(context, code, ct);
            return;
        }
        await context.ReplyAsync(new OutgoingMessage(context.T.ChooseLanguage,
        [
            [
                new Button("🇻🇳 Tiếng Việt", CallbackCodec.Encode(new SetLanguage(Languages.Vietnamese))),
                new Button("🇬🇧 English", CallbackCodec.Encode(new SetLanguage(Languages.English))),
            ],
        ]), ct);
    }

    public async Task HandleAsync(ConversationContext context, CallbackPayload payload, CancellationToken ct)
    {
        if (payload is SetLanguage set)
        {
            await context.ToastAsync(null, ct);
            await SetAsync(context, set.Language, ct);
        }
    }

    private async Task SetAsync(ConversationContext context, string language, CancellationToken ct)
    {
        context.Participant.Language = language;
        await db.SaveChangesAsync(ct);
        await context.ReplyAsync(context.T.LanguageSet, ct);
    }
}
