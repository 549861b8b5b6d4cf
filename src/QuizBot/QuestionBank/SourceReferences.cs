using System.Text.RegularExpressions;

namespace QuizBot.QuestionBank;

/// <summary>
/// Recognises what a question's <c>source</c> points at: a document an organiser can look up (a numbered party or
/// state document, a named one such as the Charter or a law, a seed file or the contest notes), and whether it goes
/// down to the article, clause or section that holds the fact.
/// </summary>
public static partial class SourceReferences
{
    /// <summary>True when the source names at least one document or note a reader could open.</summary>
    public static bool NamesDocument(string source) => NamesPublishedDocument(source) || CitesLocalNote(source);

    /// <summary>
    /// True when the source is precise enough to check: it cites an article, clause or section, or it rests on a
    /// seed file or the contest notes alone (a local fact, which has no article to cite).
    /// </summary>
    public static bool IsArticleLevel(string source) =>
        CitesArticle(source) || (CitesLocalNote(source) && !NamesPublishedDocument(source));

    /// <summary>A party or state document: by its number (69-QĐ/TW, 202/2025/QH15), its kind and number, or its name.</summary>
    public static bool NamesPublishedDocument(string source) =>
        DocumentNumber().IsMatch(source) || KindAndNumber().IsMatch(source) || NamedDocument().IsMatch(source) || Law().IsMatch(source);

    /// <summary>A seed article, the contest notes, a facts sheet entry or a web address: where the fact was read.</summary>
    public static bool CitesLocalNote(string source) => LocalNote().IsMatch(source);

    public static bool CitesArticle(string source) => Article().IsMatch(source) || Section().IsMatch(source);

    // A number, optionally its year, then the kind and the issuer in capitals: 69-QĐ/TW, 42-HD/BTCTW, 01-CT/TU,
    // 373/ĐA-CP, 202/2025/QH15, 22/2008/QH12. Dates (19/01/2011) and ranges (2020–2025) have no capitals.
    [GeneratedRegex(@"\b\d+[a-z]?(?:/\d{4})?[-/]\p{Lu}{2,}\d*(?:[-/]\p{Lu}\p{L}*\d*)*")]
    private static partial Regex DocumentNumber();

    [GeneratedRegex(@"\b(?:Nghị quyết|Quy định|Quyết định|Chỉ thị|Hướng dẫn|Kết luận|Thông báo|Thông tri|Quy chế|Kế hoạch|Đề án|Nghị định|Thông tư|Công văn|Chương trình|Resolution|Regulation|Decision|Directive|Instruction|Guidance|Conclusion|Notice|Decree|Circular|Plan)\s+(?:số\s+|No\.?\s*)?\d+",
        RegexOptions.IgnoreCase)]
    private static partial Regex KindAndNumber();

    [GeneratedRegex(@"\b(?:Điều lệ|Hiến pháp|Cương lĩnh|Văn kiện|Charter|Constitution|Platform)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NamedDocument();

    // "Luật Cán bộ, công chức", "Bộ luật Lao động", "Law on Cadres": the capital tells a law from "theo luật".
    [GeneratedRegex(@"\b(?:Bộ luật|Luật|Law on|Code of)\s+\p{Lu}")]
    private static partial Regex Law();

    [GeneratedRegex(@"seeds?[/ ]\S+\.txt|contest-domain(?:\.md)?|facts-\d{4}|https?://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex LocalNote();

    // Điều 24, khoản 3, điểm a, Article 24, art. 7, clause 2, § 4.
    [GeneratedRegex(@"\b(?:Điều|khoản|Article|Art\.|clause)\s*\d+|\bđiểm\s+[a-zđ]\b|§\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex Article();

    // mục II.3, mục 2, mục "How the contest runs", phần mở đầu, Phụ lục 1, section 3 — but not "mục tiêu" (aim).
    [GeneratedRegex(@"\b(?:[Mm]ục|[Ss]ection)\s+(?:[IVXLC]+\b|\d|[""“„«]|\p{Lu})|\b(?:[Pp]hần mở đầu|[Ll]ời nói đầu|[Pp]reamble|[Pp]hụ lục\s+\d+|bảng\s+\p{Lu})")]
    private static partial Regex Section();
}
