using System.Text.RegularExpressions;

namespace QuizBot.Dashboard.Organizer;

public sealed partial class DashboardOptions
{
    /// <summary>
    /// The address people open the dashboard at, for the links the bot sends. Empty: the service's own first
    /// <c>Urls</c> address (a wildcard host read as 127.0.0.1).
    /// </summary>
    public string PublicUrl { get; set; } = "";

    public const string DefaultUrl = "http://127.0.0.1:5080";

    [GeneratedRegex(@"^(https?://)(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex WildcardHost();

    /// <summary>The public URL to build links on, or a start-up error naming the key.</summary>
    public static Uri Resolve(string? publicUrl, string? urls)
    {
        if (!string.IsNullOrWhiteSpace(publicUrl))
        {
            return HttpUrl(publicUrl.Trim())
                ?? throw new StartupException($"Dashboard:PublicUrl: '{publicUrl}' is not an http(s) URL; give the address people open the dashboard at, e.g. https://quiz.example.org");
        }
        var own = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? DefaultUrl;
        return HttpUrl(WildcardHost().Replace(own, "${1}127.0.0.1"))
            ?? throw new StartupException($"Dashboard:PublicUrl: not set, and the service's own address '{own}' is not an http(s) URL; set Dashboard:PublicUrl");
    }

    private static Uri? HttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && uri.Query.Length == 0 ? uri : null;
}

/// <summary>Where the links the bot sends point: <see cref="DashboardOptions.PublicUrl"/>, resolved once at start.</summary>
public sealed record DashboardAddress(Uri Base)
{
    public string LoginLink(string token) => $"{Base.AbsoluteUri.TrimEnd('/')}/dashboard/login?token={Uri.EscapeDataString(token)}";
}
