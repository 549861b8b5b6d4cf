using QuizBot.Data;
using QuizBot.Live;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>Who may lead a group's quiz: Telegram's getChatMember says whether someone is the group's owner or an administrator.</summary>
public sealed class TelegramGroupAdmins(ITelegramBotClient client, ILogger<TelegramGroupAdmins> log) : IGroupAdmins
{
    public Transport Transport => Transport.Telegram;

    public async Task<bool> IsAdminAsync(long chatId, long userId, CancellationToken ct)
    {
        try
        {
            return await client.GetChatMember(chatId, userId, ct) is ChatMemberOwner or ChatMemberAdministrator;
        }
        catch (ApiRequestException e)
        {
            log.LogInformation("getChatMember for chat {ChatId} was refused: {Reason}", chatId, e.Message);
            return false;
        }
    }
}
