using QuizBot.Conversation;
using QuizBot.QuestionBank;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>
/// The "/" menu Telegram shows, per language and per scope, from the same command table the router uses, so the
/// menu can never offer a command the bot does not understand.
/// </summary>
public sealed class CommandMenu(ITelegramBotClient client, CommandTable table, BotIdentity identity, ILogger<CommandMenu> log)
{
    /// <summary>Commands that make sense in a group chat; the rest are private.</summary>
    private static readonly string[] GroupCommands = ["quiz", "help", "lang"];

    public async Task PublishAsync(CancellationToken ct)
    {
        try
        {
            // The bot's @name, for deep links (t.me/name?start=r_CODE).
            identity.Username = (await client.GetMe(ct)).Username;
        }
        catch (RequestException e)
        {
            log.LogWarning("getMe failed: {Reason}; round links fall back to /start r_CODE", e.Message);
        }
        var everyone = table.Commands.Where(c => c.Role == Role.Everyone).ToList();
        var scopes = new (BotCommandScope Scope, List<CommandInfo> Commands)[]
        {
            (BotCommandScope.AllPrivateChats(), everyone),
            (BotCommandScope.AllGroupChats(), everyone.Where(c => GroupCommands.Contains(c.Name)).ToList()),
        };
        foreach (var (scope, commands) in scopes)
        {
            // No language code is the default (Vietnamese); English speakers' clients ask for "en".
            foreach (var language in new[] { Languages.Vietnamese, Languages.English })
            {
                var menu = commands.Select(c => new BotCommand { Command = c.Name, Description = c.Description.For(language) }).ToList();
                try
                {
                    await client.SetMyCommands(menu, scope, language == Languages.Vietnamese ? null : language, ct);
                }
                catch (ApiRequestException e) when (e.ErrorCode == 400)
                {
                    // A refused menu (a description Telegram finds too long, say) must not stop the bot.
                    log.LogWarning("setMyCommands for {Scope}/{Language} was refused: {Reason}", scope.Type, language, e.Message);
                    return;
                }
            }
        }
    }
}
