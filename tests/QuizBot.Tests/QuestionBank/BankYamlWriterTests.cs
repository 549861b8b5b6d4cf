using QuizBot.QuestionBank;
using QuizBot.QuestionBank.Formats;
using static QuizBot.Tests.QuestionBank.FormatSupport;

namespace QuizBot.Tests.QuestionBank;

public sealed class BankYamlWriterTests
{
    private static readonly string[] Topics = ["charter", "cells"];

    private static IReadOnlyList<BankQuestion> Reparse(string yaml)
    {
        var errors = new List<BankError>();
        var questions = BankParser.ParseQuestions("written.yaml", yaml, Topics, errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + yaml);
        return questions;
    }

    [Fact]
    public void Written_questions_read_back_as_the_same_questions()
    {
        var questions = TestBankQuestions();

        var yaml = BankYamlWriter.Write("charter", questions);

        Assert.Equal(questions.Select(Canonical), Reparse(yaml).Select(Canonical));
    }

    [Fact]
    public void A_question_is_written_as_the_readme_shows_it()
    {
        var questions = TestBankQuestions();

        var yaml = BankYamlWriter.Write("charter", [questions[0], questions[2], questions[^1]]);

        Assert.Equal("""
            topic: charter
            questions:
              - id: charter-001
                type: single
                difficulty: 1
                status: reviewed
                text:
                  vi: Chi bộ họp thường lệ bao lâu một lần?
                  en: How often does a cell meet?
                options:
                  - vi: Mỗi tháng một lần
                    en: Once a month
                  - vi: Mỗi quý một lần
                    en: Once a quarter
                  - vi: Mỗi năm một lần
                    en: Once a year
                answer: A
                explanation:
                  vi: Điều 24 Điều lệ Đảng.
                  en: Charter article 24.
                source: Điều lệ Đảng (2011), Điều 24

              - id: charter-003
                type: multi
                difficulty: 2
                status: draft
                text:
                  vi: Hình thức kỷ luật đảng viên dự bị?
                  en: Disciplinary forms for a probationary member?
                options:
                  - vi: Khiển trách
                    en: Reprimand
                  - vi: Cảnh cáo
                    en: Warning
                  - vi: Khai trừ
                    en: Expulsion
                answer: [A, B]
                explanation:
                  vi: Quy định 69 Điều 7.
                  en: Regulation 69 art. 7.
                source: Quy định 69-QĐ/TW (06/7/2022), Điều 7

              - id: cells-010
                topic: cells
                type: text
                difficulty: 3
                status: draft
                text:
                  vi: 'Đảng viên bỏ sinh hoạt 3 tháng: xử lý thế nào?'
                  en: 'A member skips meetings for 3 months: what now?'
                model_answer:
                  vi: Xoá tên theo Điều 8.
                  en: Remove from the list under article 8.
                guidance:
                  vi: '10 điểm: nêu đúng Điều 8; 5 điểm: nêu quy trình.'
                  en: '10 points: article 8; 5 points: the procedure.'
                explanation:
                  vi: Điều 8, Điều lệ Đảng.
                  en: Charter, article 8.
                source: Điều lệ Đảng (2011), Điều 8
                valid_from: 2011-01-19
                valid_until: 2030-12-31
                tags: [xu-ly, tinh-huong]

            """.Replace("\r\n", "\n"), yaml);
    }

    [Theory]
    [InlineData("Câu hỏi: có dấu hai chấm?")]
    [InlineData("- bắt đầu bằng gạch")]
    [InlineData("'trích dẫn' và \"ngoặc kép\"")]
    [InlineData("yes")]
    [InlineData("2025-07-01")]
    [InlineData("12")]
    [InlineData("1.5")]
    [InlineData("null")]
    [InlineData("a # không phải chú thích")]
    [InlineData("kết thúc bằng:")]
    [InlineData("[ngoặc] {nhọn}")]
    [InlineData("dòng một\ndòng hai")]
    [InlineData("tab\tvà \\ gạch chéo")]
    [InlineData("@, `, %, &, *, !, |, >")]
    public void Texts_yaml_would_misread_are_quoted(string text)
    {
        var question = TestBankQuestions()[0];
        var tricky = question with
        {
            Content = question.Content with
            {
                Text = new LocalizedText(text, text),
                Options = [new LocalizedText(text, "x"), .. question.Content.Options.Skip(1)],
                Source = text,
            },
            Tags = [text, "plain"],
        };

        var read = Assert.Single(Reparse(BankYamlWriter.Write("charter", [tricky])));

        Assert.Equal(Canonical(tricky), Canonical(read));
    }

    /// <summary>Every question of the shipped bank survives a write and a read: the writer covers what organisers wrote.</summary>
    [Fact]
    public void The_shipped_bank_is_written_back_unchanged()
    {
        var bank = BankLoader.Load(Path.Combine(BankLoaderTests.RepositoryRoot(), "question-bank"));
        var topics = bank.Topics.Select(t => t.Id).ToList();

        foreach (var topic in bank.Questions.GroupBy(q => q.Topic))
        {
            var errors = new List<BankError>();
            var read = BankParser.ParseQuestions("written.yaml", BankYamlWriter.Write(topic.Key, topic), topics, errors);

            Assert.Empty(errors);
            Assert.Equal(topic.Select(Canonical), read.Select(Canonical));
        }
    }
}
