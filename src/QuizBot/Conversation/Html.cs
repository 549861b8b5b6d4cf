using System.Net;

namespace QuizBot.Conversation;

/// <summary>Escaping for Telegram's HTML parse mode, which the web chat renders the same way.</summary>
public static class Html
{
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public static string Bold(string text) => $"<b>{Escape(text)}</b>";

    public static string Italic(string text) => $"<i>{Escape(text)}</i>";

    /// <summary>The plain text a person reads, for toasts and logs.</summary>
    public static string ToPlain(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));
}
