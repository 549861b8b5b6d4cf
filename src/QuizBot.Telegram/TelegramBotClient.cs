using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using QuizBot.Telegram.Requests;

namespace QuizBot.Telegram;

/// <summary>
/// Bot API client over a caller-owned <see cref="HttpClient"/>. Every call gets its own deadline
/// (<see cref="TelegramBotClientOptions.RequestTimeout"/>, or getUpdates' timeout + 15 s), but HttpClient.Timeout
/// still applies on top: give this client an HttpClient whose Timeout is infinite, or at least longer than the
/// longest long poll, and turn off HttpClient request logging for it (the URL holds the token).
/// </summary>
public sealed class TelegramBotClient : ITelegramBotClient
{
    // Telegram holds a long poll open for `timeout` seconds; the grace covers latency and a slow answer.
    internal static readonly TimeSpan LongPollGrace = TimeSpan.FromSeconds(15);

    private const int BodyExcerptLength = 120;

    private readonly HttpClient _httpClient;
    private readonly string[] _secrets;
    private readonly string _methodUrlPrefix;
    private readonly TimeSpan _requestTimeout;

    public TelegramBotClient(TelegramBotClientOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            throw new ArgumentException("The bot token is empty.", nameof(options));
        }

        var baseUrl = options.BaseUrl?.TrimEnd('/') ?? "";
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"BaseUrl '{options.BaseUrl}' is not an absolute http(s) URL.", nameof(options));
        }

        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RequestTimeout must be positive or infinite.");
        }

        _httpClient = httpClient;
        _secrets = SecretsOf(options.Token);
        _methodUrlPrefix = $"{baseUrl}/bot{options.Token}/";
        _requestTimeout = options.RequestTimeout;
    }

    /// <summary>
    /// Posts <paramref name="request"/> as JSON and returns its result. An <c>ok:true</c> answer without a result
    /// (the emulator sends those) gives <c>true</c> for bool methods and null for the others.
    /// </summary>
    /// <exception cref="ApiRequestException">The Bot API answered <c>ok:false</c>.</exception>
    /// <exception cref="RequestException">No Bot API answer: network failure, time-out or a foreign body.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResult> SendRequest<TResult>(IRequest<TResult> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var method = request.MethodName;
        var body = JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), TelegramJson.Options);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(DeadlineFor(request));

        HttpStatusCode status;
        byte[] payload;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _methodUrlPrefix + method)
            {
                Content = new ByteArrayContent(body)
                {
                    Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
                },
            };
            using var response = await _httpClient.SendAsync(message, deadline.Token).ConfigureAwait(false);
            status = response.StatusCode;
            payload = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            // Our deadline or HttpClient.Timeout: a failed call to the caller, not a cancellation they asked for.
            throw new RequestException($"Bot API call {method} timed out.", httpStatusCode: null, TokenFree(e));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new RequestException(
                $"Bot API call {method} failed: {Redact(e.Message)}",
                (e as HttpRequestException)?.StatusCode,
                TokenFree(e));
        }

        return ReadAnswer<TResult>(method, status, payload);
    }

    // A token is "<bot id>:<secret>". The bot id is public, but the secret alone must go too: a proxy may quote
    // the path with the colon escaped.
    private static string[] SecretsOf(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && token.Length - colon - 1 >= 8 ? [token, token[(colon + 1)..]] : [token];
    }

    private TimeSpan DeadlineFor<TResult>(IRequest<TResult> request) =>
        request is GetUpdatesRequest { Timeout: > 0 and var seconds }
            ? TimeSpan.FromSeconds(seconds) + LongPollGrace
            : _requestTimeout;

    private TResult ReadAnswer<TResult>(string method, HttpStatusCode status, byte[] payload)
    {
        ApiResponse? answer;
        try
        {
            answer = payload.Length == 0
                ? null
                : JsonSerializer.Deserialize(payload, TelegramJsonContext.Default.ApiResponse);
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer?.Ok is not { } ok)
        {
            throw new RequestException(
                $"Bot API call {method} got HTTP {(int)status} with a body that is not a Bot API answer: {Excerpt(payload)}",
                status,
                innerException: null);
        }

        if (!ok)
        {
            var errorCode = answer.ErrorCode ?? (int)status;
            throw new ApiRequestException(
                Redact(answer.Description ?? $"Bot API error {errorCode} without a description"),
                errorCode,
                answer.Parameters,
                status);
        }

        if (answer.Result is not { ValueKind: not JsonValueKind.Null } result)
        {
            // Telegram answers true here; the emulator answers null for methods that return true or a Message.
            return typeof(TResult) == typeof(bool) ? (TResult)(object)true : default!;
        }

        try
        {
            var typeInfo = (JsonTypeInfo<TResult>)TelegramJson.Options.GetTypeInfo(typeof(TResult));
            return result.Deserialize(typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new RequestException(
                $"Bot API call {method} returned a result of an unexpected shape: {Redact(e.Message)}",
                status,
                innerException: null);
        }
    }

    private string Excerpt(byte[] payload)
    {
        if (payload.Length == 0)
        {
            return "(empty)";
        }

        // Redact before cutting, so that a cut cannot leave a piece of the token behind.
        var text = Redact(Encoding.UTF8.GetString(payload));
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= BodyExcerptLength ? text : string.Concat(text.AsSpan(0, BodyExcerptLength), "…");
    }

    private string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }

    // An inner exception of a handler further down the pipeline may quote the URL; keep it only when token-free.
    private Exception? TokenFree(Exception e)
    {
        var text = e.ToString();
        return _secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal)) ? null : e;
    }
}
