using System.Globalization;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Contests;

/// <summary>A round as the organizer wrote it in the /newround form, before the questions are drawn.</summary>
public sealed record RoundSpec(
    string Code, string Title, string UnitCode, RoundMode Mode, Blueprint Blueprint, int SecondsPerQuestion,
    DateTime OpensLocal, DateTime ClosesLocal, int MaxAttempts, TieBreakChain TieBreaks, PredictionKind Prediction, PrizeTiers Prizes,
    bool StreakBonus = false);

public static class RoundModes
{
    /// <summary>The questions a round of this mode asks: free text when judged, one-press choices live (a hall answers with one tap), any choice self-paced.</summary>
    public static bool Asks(this RoundMode mode, QuestionType type) => mode switch
    {
        RoundMode.Judged => type == QuestionType.Text,
        RoundMode.Live => type is QuestionType.Single or QuestionType.TrueFalse,
        _ => type != QuestionType.Text,
    };
}

/// <summary>Topics × counts, or explicit question keys.</summary>
public sealed record Blueprint(IReadOnlyList<(string Topic, int Count)> Topics, IReadOnlyList<string> Keys)
{
    public override string ToString() =>
        Keys.Count > 0 ? "ids: " + string.Join(", ", Keys) : string.Join(", ", Topics.Select(t => $"{t.Topic}:{t.Count}"));

    public static bool TryParse(string text, out Blueprint blueprint, out string error)
    {
        blueprint = new Blueprint([], []);
        text = text.Trim();
        if (text.StartsWith("ids:", StringComparison.OrdinalIgnoreCase))
        {
            var keys = text[4..].Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (keys.Length == 0 || keys.Distinct().Count() != keys.Length)
            {
                error = "ids: list the question ids once each, separated by commas";
                return false;
            }
            blueprint = new Blueprint([], keys);
            error = "";
            return true;
        }
        var topics = new List<(string, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(':', StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 100)
            {
                error = $"'{part}' is not topic:count (a count from 1 to 100)";
                return false;
            }
            if (topics.Any(t => t.Item1 == pair[0]))
            {
                error = $"the topic '{pair[0]}' is listed twice";
                return false;
            }
            topics.Add((pair[0].ToLowerInvariant(), count));
        }
        if (topics.Count == 0)
        {
            error = "no questions: write topic:count, … or ids: …";
            return false;
        }
        blueprint = new Blueprint(topics, []);
        error = "";
        return true;
    }
}

/// <summary>
/// Reads the /newround form: one "key: value" per line, Vietnamese or English keys. Every problem is reported at
/// once, by the line's key, so the organizer fixes the form in one go.
/// </summary>
public static class RoundForm
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mã"] = "code", ["code"] = "code",
        ["tên"] = "title", ["title"] = "title",
        ["đơn vị"] = "unit", ["unit"] = "unit",
        ["hình thức"] = "mode", ["mode"] = "mode",
        ["câu hỏi"] = "questions", ["questions"] = "questions",
        ["giây mỗi câu"] = "seconds", ["seconds"] = "seconds",
        ["mở"] = "opens", ["opens"] = "opens",
        ["đóng"] = "closes", ["closes"] = "closes",
        ["số lần"] = "attempts", ["attempts"] = "attempts",
        ["xếp hạng"] = "tiebreaks", ["tiebreaks"] = "tiebreaks",
        ["dự đoán"] = "prediction", ["prediction"] = "prediction",
        ["giải"] = "prizes", ["prizes"] = "prizes",
        ["thưởng chuỗi"] = "streak", ["streak"] = "streak",
    };

    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "dd/MM/yyyy HH:mm", "d/M/yyyy H:mm"];

    public static bool TryParse(string text, out RoundSpec? spec, out IReadOnlyList<string> problems)
    {
        var found = new Dictionary<string, string>();
        var errors = new List<string>();
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = raw.IndexOf(':');
            if (colon <= 0)
            {
                errors.Add($"the line '{Short(raw)}' is not key: value");
                continue;
            }
            var key = raw[..colon].Trim();
            if (!Keys.TryGetValue(key, out var name))
            {
                errors.Add($"unknown key '{Short(key)}'");
                continue;
            }
            if (!found.TryAdd(name, raw[(colon + 1)..].Trim())) errors.Add($"'{key}' is given twice");
        }
        string? Need(string name)
        {
            if (found.TryGetValue(name, out var value) && value.Length > 0) return value;
            errors.Add($"'{name}' is missing");
            return null;
        }

        var code = Need("code")?.ToUpperInvariant();
        if (code is not null && (code.Length is < 2 or > 16 || !code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))))
        {
            errors.Add("code: 2 to 16 letters A–Z and digits (it goes into /join CODE and the link)");
        }
        var title = Need("title");
        if (title is { Length: > 120 }) errors.Add("title: at most 120 characters");
        var unit = Need("unit")?.ToUpperInvariant();

        var mode = RoundMode.SelfPaced;
        if (found.TryGetValue("mode", out var modeText))
        {
            switch (modeText.ToLowerInvariant())
            {
                case "selfpaced" or "self-paced" or "trắc nghiệm": mode = RoundMode.SelfPaced; break;
                case "judged" or "tự luận": mode = RoundMode.Judged; break;
                case "live" or "trực tiếp": mode = RoundMode.Live; break;
                default: errors.Add($"mode: '{Short(modeText)}' is not a mode: selfpaced (trắc nghiệm), live (trực tiếp) or judged (tự luận)"); break;
            }
        }

        Blueprint? blueprint = null;
        if (Need("questions") is { } questions)
        {
            if (Blueprint.TryParse(questions, out var parsed, out var error)) blueprint = parsed;
            else errors.Add("questions: " + error);
        }
        var seconds = Number("seconds", 60, 10, 600);
        var attempts = Number("attempts", 1, 1, 10);
        var opens = Time(Need("opens"), "opens");
        var closes = Time(Need("closes"), "closes");
        if (opens is { } o && closes is { } c && c <= o) errors.Add("closes: must come after opens");

        var tieBreaks = TieBreakChain.Default;
        if (found.TryGetValue("tiebreaks", out var chainText))
        {
            if (TieBreakChain.TryParse(chainText, out var chain, out var error)) tieBreaks = chain;
            else errors.Add("tiebreaks: " + error);
        }
        var prediction = PredictionKind.None;
        if (found.TryGetValue("prediction", out var predictionText))
        {
            switch (predictionText.ToLowerInvariant())
            {
                case "participants" or "số người dự thi": prediction = PredictionKind.Participants; break;
                case "fullmarks" or "full-marks" or "số người đạt điểm tối đa": prediction = PredictionKind.FullMarks; break;
                case "none" or "không": prediction = PredictionKind.None; break;
                default: errors.Add("prediction: participants, fullmarks or none"); break;
            }
        }
        var prizes = PrizeTiers.Parse("0,0,0,0");
        if (found.TryGetValue("prizes", out var prizeText))
        {
            if (PrizeTiers.TryParse(prizeText, out var tiers, out var error)) prizes = tiers;
            else errors.Add("prizes: " + error);
        }

        var streak = false;
        if (found.TryGetValue("streak", out var streakText))
        {
            switch (streakText.ToLowerInvariant())
            {
                case "yes" or "on" or "có": streak = true; break;
                case "no" or "off" or "không": streak = false; break;
                default: errors.Add("streak: yes (có) or no (không)"); break;
            }
            if (streak && mode != RoundMode.Live) errors.Add("streak: only a live round has a streak bonus");
        }

        problems = errors;
        spec = errors.Count == 0
            ? new RoundSpec(code!, title!, unit!, mode, blueprint!, seconds, opens!.Value, closes!.Value, attempts, tieBreaks, prediction, prizes, streak)
            : null;
        return spec is not null;

        int Number(string name, int fallback, int min, int max)
        {
            if (!found.TryGetValue(name, out var value)) return fallback;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            errors.Add($"{name}: a whole number from {min} to {max}");
            return fallback;
        }

        DateTime? Time(string? value, string name)
        {
            if (value is null) return null;
            if (DateTime.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
            errors.Add($"{name}: write the local time as 2026-12-05 08:00");
            return null;
        }
    }

    private static string Short(string s) => s.Length <= 30 ? s : s[..30] + "…";
}
