using System.Text;
using System.Text.Json.Serialization;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram.Requests;

public sealed record GetMeRequest : IRequest<User>
{
    [JsonIgnore]
    public string MethodName => "getMe";
}

/// <summary>Long polling. An update is confirmed by asking again with an offset above its update_id.</summary>
public sealed record GetUpdatesRequest : IRequest<Update[]>
{
    [JsonIgnore]
    public string MethodName => "getUpdates";

    public int? Offset { get; init; }

    /// <summary>1-100.</summary>
    public int? Limit { get; init => field = Guard.InRange(value, 1, 100, nameof(Limit)); }

    /// <summary>
    /// Seconds the server may hold the request open (0 = answer at once); the client's deadline grows to match.
    /// The cap only keeps the deadline arithmetic sane: Telegram itself answers within about 50 s.
    /// </summary>
    public int? Timeout { get; init => field = Guard.InRange(value, 0, 3600, nameof(Timeout)); }

    public IEnumerable<UpdateType>? AllowedUpdates { get; init; }
}

public sealed record SetWebhookRequest : IRequest<bool>
{
    public SetWebhookRequest(string url)
    {
        Url = url;
    }

    [JsonIgnore]
    public string MethodName => "setWebhook";

    public string Url { get; init => field = value ?? throw new ArgumentNullException(nameof(Url)); }

    /// <summary>Sent back in X-Telegram-Bot-Api-Secret-Token: 1-256 characters of A-Z a-z 0-9 _ -.</summary>
    public string? SecretToken { get; init => field = Guard.SecretToken(value, nameof(SecretToken)); }

    /// <summary>1-100.</summary>
    public int? MaxConnections { get; init => field = Guard.InRange(value, 1, 100, nameof(MaxConnections)); }

    public IEnumerable<UpdateType>? AllowedUpdates { get; init; }

    public bool DropPendingUpdates { get; init; }

    // Keeps the secret out of logs that print the request.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Url = {Url}, SecretToken = {(SecretToken is null ? "null" : "***")}, ");
        builder.Append($"MaxConnections = {MaxConnections}, DropPendingUpdates = {DropPendingUpdates}");
        return true;
    }
}

public sealed record DeleteWebhookRequest : IRequest<bool>
{
    [JsonIgnore]
    public string MethodName => "deleteWebhook";

    public bool DropPendingUpdates { get; init; }
}
