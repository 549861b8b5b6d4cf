using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace QuizBot.Tests.Support;

/// <summary>
/// One browser on the dashboard: its own cookies (session and anti-forgery), no automatic redirects, and forms
/// sent the way a browser sends them, with the page's anti-forgery field unless told otherwise.
/// </summary>
public sealed partial class OrganizerBrowser(QuizBotHost host) : IDisposable
{
    private readonly HttpClient http = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public const string AntiforgeryField = "__RequestVerificationToken";

    public sealed record Page(HttpStatusCode Status, string Html, Uri? Location, IReadOnlyList<string> SetCookies, byte[] Bytes, string? ContentType);

    public async Task<Page> GetAsync(string path) => await ReadAsync(await http.GetAsync(path));

    /// <summary>Posts the fields to <paramref name="path"/>; with <paramref name="from"/>, the anti-forgery field of that page goes along.</summary>
    public async Task<Page> PostAsync(string path, IReadOnlyDictionary<string, string> fields, Page? from = null)
    {
        var all = new Dictionary<string, string>(fields);
        if (from is not null) all[AntiforgeryField] = TokenOf(from.Html);
        return await ReadAsync(await http.PostAsync(path, new FormUrlEncodedContent(all)));
    }

    public static string TokenOf(string html)
    {
        var match = AntiforgeryInput().Match(html);
        Assert.True(match.Success, "the page has no anti-forgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The value of a hidden field of the page's form.</summary>
    public static string HiddenOf(string html, string name)
    {
        var match = Regex.Match(html, $"<input type=\"hidden\" name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\">");
        Assert.True(match.Success, $"the page has no hidden field {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return new Page(response.StatusCode, System.Text.Encoding.UTF8.GetString(bytes), response.Headers.Location, cookies, bytes,
            response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\">")]
    private static partial Regex AntiforgeryInput();

    public void Dispose() => http.Dispose();
}
