using QuizBot.Telegram.Requests;

namespace QuizBot.Telegram;

/// <summary>Sends one Bot API request. The typed calls are extension methods in <see cref="TelegramBotClientExtensions"/>.</summary>
public interface ITelegramBotClient
{
    Task<TResult> SendRequest<TResult>(IRequest<TResult> request, CancellationToken cancellationToken = default);
}
