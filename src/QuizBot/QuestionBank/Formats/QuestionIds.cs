using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace QuizBot.QuestionBank.Formats;

/// <summary>
/// Gives imported questions ids in the bank's style, <c>topic-slug</c> from a title or else <c>topic-NNN</c>,
/// that no question already has. Ids are compared ignoring case so that no two differ only by it.
/// </summary>
internal sealed partial class QuestionIds(string topic, IEnumerable<string> taken)
{
    private const int MaxSlugLength = 40;

    private readonly HashSet<string> taken = new(taken, StringComparer.OrdinalIgnoreCase);
    private int? lastNumber;

    /// <summary>Records an id the file gave; false when it is already taken.</summary>
    public bool Claim(string id) => taken.Add(id);

    public string Next(string? title)
    {
        if (FromTitle(title) is { } candidate && taken.Add(candidate)) return candidate;
        lastNumber ??= taken.Select(NumberOf).DefaultIfEmpty(0).Max();
        string id;
        do
        {
            lastNumber++;
            id = $"{topic}-{lastNumber:D3}";
        }
        while (!taken.Add(id));
        return id;
    }

    private string? FromTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return null;
        title = title.Trim();
        // A title that already is an id of this topic (as in our own GIFT export) is kept as it is.
        if (BankParser.IdPattern().IsMatch(title) && title.StartsWith(topic + "-", StringComparison.OrdinalIgnoreCase)) return title;
        var slug = Slug(title);
        return slug.Length == 0 ? null : $"{topic}-{slug}";
    }

    private int NumberOf(string id)
    {
        var match = Numbered().Match(id);
        return match.Success
            && id.StartsWith(topic + "-", StringComparison.OrdinalIgnoreCase)
            && match.Index == topic.Length + 1
            && int.TryParse(match.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : 0;
    }

    /// <summary>Lower-case ASCII words joined by '-': "Câu 1: Đảng viên" becomes "cau-1-dang-vien".</summary>
    internal static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var ascii = c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c);
            if (ascii is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(ascii);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var words = slug.ToString().Trim('-');
        if (words.Length <= MaxSlugLength) return words;
        var cut = words.LastIndexOf('-', MaxSlugLength);
        return (cut > 0 ? words[..cut] : words[..MaxSlugLength]).Trim('-');
    }

    [GeneratedRegex("[0-9]+$")]
    private static partial Regex Numbered();
}
