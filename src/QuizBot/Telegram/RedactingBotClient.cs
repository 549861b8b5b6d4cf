using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests.Abstractions;

namespace QuizBot.Telegram;

/// <summary>
/// Telegram.Bot's client, with one guarantee added: no exception it throws carries the bot token. The token is
/// part of every request URL, and a failure's message or inner exception may quote that URL (a proxy's error page,
/// a handler further down the pipeline); such an exception is replaced by a token-free one of the same kind.
/// </summary>
public sealed class RedactingBotClient : TelegramBotClient
{
    private readonly string[] secrets;

    public RedactingBotClient(TelegramBotClientOptions options, HttpClient http) : base(options, http)
    {
        var token = options.Token;
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        // The bot id before the colon is public; the secret after it must go even where a proxy escaped the colon.
        secrets = colon >= 0 && token.Length - colon - 1 >= 8 ? [token, token[(colon + 1)..]] : [token];
    }

    public override async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SendRequest(request, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestException e) when (Leaks(e))
        {
            throw Redacted(e);
        }
        catch (Exception e) when (e is not OperationCanceledException && Leaks(e))
        {
            throw new RequestException($"Bot API call {request.MethodName} failed: {Redact(e.Message)}");
        }
    }

    private bool Leaks(Exception e)
    {
        var text = e.ToString();
        return secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal));
    }

    private string Redact(string text)
    {
        foreach (var secret in secrets) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    // The inner exception is dropped: it is what quoted the token.
    private RequestException Redacted(RequestException e) => e switch
    {
        ApiRequestException api => new ApiRequestException(Redact(api.Message), api.ErrorCode, api.Parameters),
        { HttpStatusCode: { } status } => new RequestException(Redact(e.Message), status),
        _ => new RequestException(Redact(e.Message)),
    };
}
