using System.Text;
using System.Text.RegularExpressions;

namespace QuizBot.EndToEnd.Support;

/// <summary>A question of the test bank and its right answer, as the tests see it (Vietnamese).</summary>
/// <param name="Options">Empty for truefalse, whose buttons are Đúng / Sai.</param>
/// <param name="Right">The right option's text; for truefalse "Đúng" or "Sai".</param>
internal sealed record BankQuestion(string Id, string Text, IReadOnlyList<string> Options, string Right, string Explanation, string Source)
{
    public bool IsTrueFalse => Options.Count == 0;
}

/// <summary>
/// A small question bank written into the test's own folder, so the tests never depend on the real bank:
/// one province → one commune → two cells, one topic, five questions (single and truefalse).
/// </summary>
internal sealed partial class TestBank
{
    public const string Province = "Đảng bộ tỉnh Thử Nghiệm";
    public const string Commune = "Đảng bộ xã Kiểm Tra";
    public const string FirstCell = "Chi bộ thôn Một";
    public const string SecondCell = "Chi bộ thôn Hai";
    public const string TopicName = "Chủ đề kiểm thử";

    /// <summary>The commune of <see cref="WriteTo"/>'s <c>secondCommune</c>: a unit outside <see cref="Commune"/>'s rounds.</summary>
    public const string OtherCommune = "Đảng bộ xã Đối Chứng";
    public const string OtherCell = "Chi bộ thôn Ba";
    public const string CommuneCode = "E2E-X1";

    public static readonly IReadOnlyList<BankQuestion> Questions =
    [
        new("e2e-001", "Một tuần có bao nhiêu ngày?", ["Năm ngày", "Bảy ngày", "Mười ngày", "Ba ngày"], "Bảy ngày",
            "Một tuần gồm bảy ngày, từ thứ Hai đến Chủ nhật.", "Bộ câu hỏi kiểm thử, mục 1"),
        new("e2e-002", "Thủ đô của Việt Nam là thành phố nào?", ["Huế", "Đà Nẵng", "Hà Nội", "Cần Thơ"], "Hà Nội",
            "Hà Nội là thủ đô của nước Cộng hoà xã hội chủ nghĩa Việt Nam.", "Bộ câu hỏi kiểm thử, mục 2"),
        new("e2e-003", "Hai cộng ba bằng mấy?", ["Bốn", "Năm", "Sáu"], "Năm",
            "Hai cộng ba bằng năm.", "Bộ câu hỏi kiểm thử, mục 3"),
        new("e2e-004", "Mặt trời mọc ở hướng đông.", [], "Đúng",
            "Do Trái Đất tự quay từ tây sang đông, mặt trời mọc ở hướng đông.", "Bộ câu hỏi kiểm thử, mục 4"),
        new("e2e-005", "Một năm dương lịch có mười ba tháng.", [], "Sai",
            "Một năm dương lịch có mười hai tháng.", "Bộ câu hỏi kiểm thử, mục 5"),
    ];

    private TestBank(string folder)
    {
        Folder = folder;
    }

    public string Folder { get; }

    /// <param name="secondCommune">Adds <see cref="OtherCommune"/> (one cell, <see cref="OtherCell"/>) beside <see cref="Commune"/>.</param>
    public static TestBank WriteTo(string folder, bool secondCommune = false)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "topics.yaml"), $"""
            topics:
              - id: e2e
                name: {Map(TopicName, "Test topic")}
            """);
        File.WriteAllText(Path.Combine(folder, "org-units.yaml"), $"""
            units:
              - code: E2E
                name: {Q(Province)}
                kind: province
                children:
                  - code: E2E-X1
                    name: {Q(Commune)}
                    kind: commune
                    children:
                      - code: E2E-X1-CB1
                        name: {Q(FirstCell)}
                        kind: cell
                      - code: E2E-X1-CB2
                        name: {Q(SecondCell)}
                        kind: cell
            """ + (secondCommune ? $"""

                  - code: E2E-X2
                    name: {Q(OtherCommune)}
                    kind: commune
                    children:
                      - code: E2E-X2-CB1
                        name: {Q(OtherCell)}
                        kind: cell
            """ : ""));
        var yaml = new StringBuilder("topic: e2e\nquestions:\n");
        foreach (var q in Questions)
        {
            yaml.Append($"  - id: {q.Id}\n");
            yaml.Append($"    type: {(q.IsTrueFalse ? "truefalse" : "single")}\n");
            yaml.Append("    difficulty: 1\n    status: reviewed\n");
            yaml.Append($"    text: {Map(q.Text, "EN " + q.Text)}\n");
            if (q.IsTrueFalse)
            {
                yaml.Append($"    answer: {(q.Right == "Đúng" ? "true" : "false")}\n");
            }
            else
            {
                yaml.Append("    options:\n");
                foreach (var option in q.Options) yaml.Append($"      - {Map(option, "EN " + option)}\n");
                yaml.Append($"    answer: {(char)('A' + q.Options.ToList().IndexOf(q.Right))}\n");
            }
            yaml.Append($"    explanation: {Map(q.Explanation, "EN " + q.Explanation)}\n");
            yaml.Append($"    source: {Q(q.Source)}\n");
        }
        File.WriteAllText(Path.Combine(folder, "e2e.yaml"), yaml.ToString());
        return new TestBank(folder);
    }

    /// <summary>The question a message (HTML from Telegram, or text from the web page) asks.</summary>
    public static BankQuestion Identify(string shown)
    {
        var text = Screens.Plain(shown);
        return Questions.SingleOrDefault(q => text.Contains(q.Text, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No question of the test bank is in this message:\n{text}");
    }

    /// <summary>
    /// The label of the button that answers right (or, with <paramref name="right"/> false, wrong): a letter, after
    /// reading which letter the shuffled message gave each option; for truefalse the Đúng / Sai label itself.
    /// </summary>
    public static string AnswerLabel(string shown, bool right)
    {
        var question = Identify(shown);
        if (question.IsTrueFalse) return right ? question.Right : question.Right == "Đúng" ? "Sai" : "Đúng";
        var letters = OptionLine().Matches(Screens.Plain(shown)).ToDictionary(m => m.Groups["option"].Value.Trim(), m => m.Groups["letter"].Value);
        if (letters.Count != question.Options.Count)
        {
            throw new InvalidOperationException($"Expected {question.Options.Count} lettered options in the message, found {letters.Count}:\n{shown}");
        }
        return right ? letters[question.Right] : letters.First(pair => pair.Key != question.Right).Value;
    }

    private static string Q(string text) => "\"" + text + "\"";

    private static string Map(string vi, string en) => $"{{ vi: {Q(vi)}, en: {Q(en)} }}";

    [GeneratedRegex(@"^(?<letter>[A-F])\. (?<option>.+)$", RegexOptions.Multiline)]
    private static partial Regex OptionLine();
}
