using QuizBot.Telegram.Types;

namespace QuizBot.Telegram;

/// <summary>
/// A call that did not get a Bot API answer: network failure, time-out, or a body that is not
/// <c>{"ok":...}</c> (a proxy's HTML page, the emulator's <c>{"message":...}</c>).
/// </summary>
public class RequestException : Exception
{
    public RequestException(string message)
        : base(message)
    {
    }

    public RequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RequestException(string message, System.Net.HttpStatusCode? httpStatusCode, Exception? innerException)
        : base(message, innerException)
    {
        HttpStatusCode = httpStatusCode;
    }

    /// <summary>The HTTP status of the answer, or null when there was none (network failure, time-out).</summary>
    public System.Net.HttpStatusCode? HttpStatusCode { get; }
}

/// <summary>The Bot API answered <c>ok:false</c>; <see cref="Exception.Message"/> is its description.</summary>
public class ApiRequestException : RequestException
{
    public ApiRequestException(
        string message,
        int errorCode,
        ResponseParameters? parameters = null,
        System.Net.HttpStatusCode? httpStatusCode = null)
        : base(message, httpStatusCode, innerException: null)
    {
        ErrorCode = errorCode;
        Parameters = parameters;
    }

    /// <summary>Telegram's error_code: 400, 403, 429... (HTTP-like, but taken from the body).</summary>
    public int ErrorCode { get; }

    /// <summary>retry_after for 429, migrate_to_chat_id when a group became a supergroup.</summary>
    public ResponseParameters? Parameters { get; }
}
