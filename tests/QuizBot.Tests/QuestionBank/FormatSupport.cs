using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QuizBot.QuestionBank;
using QuizBot.QuestionBank.Formats;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.QuestionBank;

/// <summary>Questions to export and compare in the import and export tests.</summary>
internal static class FormatSupport
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A text question with every optional field, added to the test bank's questions.</summary>
    public const string Situations = """
        topic: cells
        questions:
          - id: cells-010
            type: text
            difficulty: 3
            status: draft
            text: { vi: "Đảng viên bỏ sinh hoạt 3 tháng: xử lý thế nào?", en: "A member skips meetings for 3 months: what now?" }
            model_answer: { vi: Xoá tên theo Điều 8., en: Remove from the list under article 8. }
            guidance: { vi: "10 điểm: nêu đúng Điều 8; 5 điểm: nêu quy trình.", en: "10 points: article 8; 5 points: the procedure." }
            explanation: { vi: "Điều 8, Điều lệ Đảng.", en: "Charter, article 8." }
            source: Điều lệ Đảng (2011), Điều 8
            valid_from: 2011-01-19
            valid_until: 2030-12-31
            tags: [xu-ly, tinh-huong]
        """;

    public static IReadOnlyList<BankQuestion> TestBankQuestions()
    {
        var errors = new List<BankError>();
        string[] topics = ["charter", "cells"];
        var questions = BankParser.ParseQuestions("charter.yaml", TestBank.Charter, topics, errors)
            .Concat(BankParser.ParseQuestions("cells.yaml", TestBank.Cells, topics, errors))
            .Concat(BankParser.ParseQuestions("situations.yaml", Situations, topics, errors))
            .ToList();
        Assert.Empty(errors);
        return questions;
    }

    public static string Export(IQuestionFormat format, IReadOnlyList<BankQuestion> questions, string language, out IReadOnlyList<BankError> leftOut)
    {
        using var stream = new MemoryStream();
        leftOut = format.Write(questions, language, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ReadResult Read(IQuestionFormat format, string content, string topic = "charter", string language = "vi") =>
        format.Read(content, new ImportSettings(topic, language, "sample." + format.Name));

    /// <summary>A question as text, without where it was read, to compare questions field by field.</summary>
    public static string Canonical(BankQuestion question) =>
        JsonSerializer.Serialize(question with { Location = new SourceLocation("", 0) }, Json);

    /// <summary>What a single-language format keeps of a question: its kind, text, options and answer in one language.</summary>
    public static string InLanguage(BankQuestion q, string language) =>
        $"{q.Type} | {q.Content.Text.For(language)} | {string.Join(" / ", q.Content.Options.Select(o => o.For(language)))} | {string.Join(",", q.Content.Answer)}";
}
