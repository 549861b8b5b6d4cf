using System.Diagnostics;
using System.Globalization;
using QuizBot.QuestionBank;
using QuizBot.Tests.Support;
using Xunit.Abstractions;

namespace QuizBot.Tests.QuestionBank;

public sealed class BankLintTests(ITestOutputHelper log)
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    private static int line = 1;

    /// <summary>A single question with three options, A keyed unless told otherwise; tests change what they check.</summary>
    private static BankQuestion Question(
        string id, string text = "Câu hỏi?", string explanation = "Vì thế.", string source = "Điều lệ Đảng, Điều 24",
        QuestionStatus status = QuestionStatus.Reviewed, string topic = "charter", string[]? options = null, int answer = 0,
        DateOnly? validUntil = null)
    {
        var texts = options ?? ["Phương án một", "Phương án hai", "Phương án ba"];
        var content = new QuestionContent(
            new LocalizedText(text, text), texts.Select(o => new LocalizedText(o, o)).ToList(), [answer],
            new LocalizedText(explanation, explanation), source);
        return new BankQuestion(id, topic, QuestionType.Single, 1, status, content, null, validUntil, [],
            new SourceLocation(topic + ".yaml", Interlocked.Increment(ref line)));
    }

    [Fact]
    public void A_reviewed_question_citing_a_document_without_its_article_is_listed()
    {
        BankQuestion[] questions =
        [
            Question("q-1", source: "Nghị quyết 21-NQ/TW (16/6/2022) — contest-domain.md"),
            Question("q-2", source: "Kinh nghiệm của chi bộ"),
            Question("q-3", source: "Điều lệ Đảng (19/01/2011), Điều 24, khoản 1"),
            Question("q-4", source: "Tham luận của Ban Tổ chức Tỉnh uỷ Ninh Thuận — seeds/001_0ab45e1068b5edc2.txt"),
            Question("q-5", source: "Nghị quyết 21-NQ/TW (16/6/2022)", status: QuestionStatus.Draft),
        ];

        var findings = BankLint.SourcesWithoutArticle(questions).ToList();

        Assert.Equal(["q-1", "q-2"], findings.Select(f => f.QuestionId));
        Assert.Contains("cites no article", findings[0].Message);
        Assert.Contains("Nghị quyết 21-NQ/TW (16/6/2022) — contest-domain.md", findings[0].Message);
        Assert.Contains("names no document", findings[1].Message);
        Assert.Equal(questions[0].Location, findings[0].Location);
    }

    [Fact]
    public void A_rule_past_its_valid_until_is_listed_with_how_long_ago()
    {
        BankQuestion[] questions =
        [
            Question("old", validUntil: new DateOnly(2025, 6, 30)),
            Question("last-day", validUntil: Today),
            Question("open"),
        ];

        var finding = Assert.Single(BankLint.PastValidUntil(questions, Today));

        Assert.Equal("old", finding.QuestionId);
        Assert.StartsWith("valid_until 2025-06-30 passed 521 days ago", finding.Message);
    }

    [Fact]
    public void Today_is_the_contest_time_zone_day_of_the_time_provider()
    {
        // 18:00 UTC on 30 June is already 1 July in Vietnam, so a rule valid until 30 June has just expired there.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 6, 30, 18, 0, 0, TimeSpan.Zero));

        var today = BankLintCommand.TodayIn("Asia/Ho_Chi_Minh", clock);

        Assert.Equal(new DateOnly(2025, 7, 1), today);
        Assert.Single(BankLint.PastValidUntil([Question("old", validUntil: new DateOnly(2025, 6, 30))], today));
    }

    [Fact]
    public void Near_duplicate_stems_are_paired_with_their_score_ignoring_case_and_punctuation()
    {
        BankQuestion[] questions =
        [
            Question("a", "Theo Điều lệ Đảng, chi bộ họp thường lệ bao lâu một lần?"),
            Question("b", "Theo Điều lệ Đảng chi bộ họp thường lệ bao lâu một lần"),
            Question("c", "Theo Điều lệ Đảng, chi uỷ họp thường lệ bao lâu một lần?"),
            Question("d", "Đảng viên dự bị có quyền biểu quyết không?"),
        ];

        var findings = BankLint.NearDuplicates(questions, 0.5).ToList();

        Assert.Equal(
            [
                $"a: stem 1.00 similar to b ({questions[1].Location})",
                $"a: stem 0.71 similar to c ({questions[2].Location})",
                $"b: stem 0.71 similar to c ({questions[2].Location})",
            ],
            findings.Select(f => $"{f.QuestionId}: {f.Message}"));
    }

    [Fact]
    public void Diacritics_keep_different_words_apart()
    {
        Assert.NotEqual(BankLint.Words("Chi bộ họp"), BankLint.Words("Chi bộ hợp"));
        Assert.Equal(["chi", "bộ", "họp"], BankLint.Words("CHI BỘ, họp!"));
        // The same word typed decomposed (e + combining marks) is the same word.
        Assert.Equal(BankLint.Words("Chi bộ họp"), BankLint.Words("Chi bộ họp".Normalize(System.Text.NormalizationForm.FormD)));
    }

    [Fact]
    public void Stems_below_the_threshold_are_not_paired()
    {
        BankQuestion[] questions =
        [
            Question("a", "Chi bộ họp thường lệ bao lâu một lần?"),
            Question("b", "Đảng bộ cơ sở họp thường lệ mấy lần một năm?"),
        ];

        Assert.Empty(BankLint.NearDuplicates(questions, 0.5));
    }

    /// <summary>The index must find exactly what comparing every pair finds: it only saves the comparisons.</summary>
    [Fact]
    public void The_indexed_join_finds_the_same_pairs_as_comparing_every_pair()
    {
        var random = new Random(7);
        var sets = Enumerable.Range(0, 400)
            .Select(_ => (IReadOnlySet<string>)Enumerable.Range(0, random.Next(1, 12)).Select(_ => "w" + random.Next(40)).ToHashSet())
            .ToList();
        foreach (var threshold in new[] { 0.3, 0.5, 0.8, 1.0 })
        {
            var brute = new List<(int, int)>();
            for (var i = 0; i < sets.Count; i++)
            {
                for (var j = i + 1; j < sets.Count; j++)
                {
                    var shared = sets[i].Intersect(sets[j]).Count();
                    if ((double)shared / (sets[i].Count + sets[j].Count - shared) >= threshold - 1e-9) brute.Add((i, j));
                }
            }

            var indexed = SimilarSets.Pairs(sets, threshold).Select(p => (p.A, p.B)).Order().ToList();

            Assert.NotEmpty(brute);
            Assert.Equal(brute, indexed);
        }
    }

    /// <summary>
    /// A 10,000-question bank of varied stems with planted near-duplicates: every planted pair is found. The time is
    /// written to the test log (no timing assert: machines differ).
    /// </summary>
    [Fact]
    public void Near_duplicates_are_found_in_a_bank_of_ten_thousand()
    {
        var random = new Random(2026);
        string[] syllables =
        [
            "chi", "bộ", "đảng", "viên", "họp", "thường", "lệ", "cấp", "uỷ", "bí", "thư", "kiểm", "tra", "giám", "sát",
            "kỷ", "luật", "nghị", "quyết", "quy", "định", "điều", "lệ", "cơ", "sở", "tỉnh", "xã", "thôn", "bản", "nhiệm",
            "kỳ", "đại", "hội", "bầu", "cử", "chính", "thức", "dự", "bị", "kết", "nạp", "phát", "triển", "học", "tập",
            "sinh", "hoạt", "chuyên", "đề", "nội", "dung", "hình", "thức", "trách", "nhiệm", "quyền", "hạn", "công",
            "tác", "tổ", "chức", "cán", "dân", "vận", "tuyên", "giáo", "mặt", "trận", "đoàn", "thể", "năm", "tháng",
        ];
        string Stem() => string.Join(" ", Enumerable.Range(0, random.Next(10, 26)).Select(_ => syllables[random.Next(syllables.Length)])) + "?";
        var questions = new List<BankQuestion>();
        for (var i = 0; i < 10_000; i++) questions.Add(Question($"q-{i:D5}", Stem(), topic: "t" + i % 10));
        var planted = new List<(string, string)>();
        for (var k = 0; k < 25; k++)
        {
            var original = questions[random.Next(questions.Count)];
            // The same question with one word changed at the end: still well above the threshold.
            var words = original.Content.Text.Vi.TrimEnd('?').Split(' ');
            words[^1] = "mới";
            var copy = Question($"dup-{k:D2}", string.Join(" ", words) + "?", topic: original.Topic);
            questions.Add(copy);
            planted.Add((original.Id, copy.Id));
        }

        var watch = Stopwatch.StartNew();
        var findings = BankLint.NearDuplicates(questions).ToList();
        watch.Stop();
        log.WriteLine($"{questions.Count} stems: {findings.Count} pairs ≥ {BankLint.DefaultSimilarity.ToString(CultureInfo.InvariantCulture)} in {watch.ElapsedMilliseconds} ms");

        var found = findings.Select(f => (f.QuestionId, f.Message.Split(' ')[4])).ToHashSet();
        Assert.All(planted, pair => Assert.Contains(pair, found));
    }

    [Fact]
    public void An_explanation_quoting_another_questions_right_option_is_listed()
    {
        BankQuestion[] questions =
        [
            Question("asks", "Cơ quan nào lãnh đạo giữa hai kỳ đại hội?", options: ["Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư"]),
            Question("tells", "Đại hội bầu ra cơ quan nào?", explanation: "Đại hội bầu Ban Chấp hành Trung ương, cơ quan lãnh đạo giữa hai kỳ đại hội.",
                options: ["Hội đồng nhân dân", "Uỷ ban Kiểm tra", "Mặt trận Tổ quốc"]),
        ];

        var finding = Assert.Single(BankLint.Giveaways(questions));

        Assert.Equal("tells", finding.QuestionId);
        Assert.Equal(questions[1].Location, finding.Location);
        Assert.Equal($"the explanation gives away the answer of asks ({questions[0].Location}): \"Ban Chấp hành Trung ương\"", finding.Message);
    }

    [Fact]
    public void Wrong_options_short_options_other_topics_and_a_shared_answer_are_not_give_aways()
    {
        const string explanation = "Ban Chấp hành Trung ương bầu Bộ Chính trị; mỗi tháng một lần chi bộ họp.";
        BankQuestion[] questions =
        [
            // Quoted, but a wrong option of its question.
            Question("wrong", options: ["Uỷ ban Kiểm tra Trung ương", "Ban Chấp hành Trung ương", "Ban Bí thư"]),
            // Keyed, but too short to tell anything.
            Question("short", options: ["Bộ Chính trị", "Ban Bí thư", "Quốc hội"]),
            // Keyed and quoted, but in another topic.
            Question("elsewhere", topic: "cells", options: ["Ban Chấp hành Trung ương", "Ban Bí thư", "Quốc hội"]),
            // Keyed, and the explaining question's own answer says the same.
            Question("same", options: ["Mỗi tháng một lần", "Mỗi quý một lần", "Mỗi năm một lần"]),
            Question("explains", explanation: explanation, options: ["Mỗi tháng một lần", "Hai tháng một lần", "Mỗi năm một lần"]),
        ];

        Assert.Empty(BankLint.Giveaways(questions));
    }

    [Fact]
    public void Lint_prints_each_finding_as_file_line_id_message_grouped_and_exits_0()
    {
        using var bank = new TestBank();
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = BankLintCommand.Run(bank.Folder, BankLint.DefaultSimilarity, Today, output, error);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("Reviewed questions without an article-level source (3):", lines[0]);
        Assert.StartsWith($"{Path.Combine(bank.Folder, "cells.yaml")}:3: cells-001: reviewed, but the source cites no article", lines[1]);
        Assert.StartsWith($"{Path.Combine(bank.Folder, "cells.yaml")}:15: cells-002: reviewed, but the source cites no article", lines[2]);
        Assert.StartsWith($"{Path.Combine(bank.Folder, "charter.yaml")}:15: charter-002: reviewed, but the source cites no article", lines[3]);
        Assert.Contains("Rules past their valid_until, still in the bank (0):", lines);
        Assert.Equal("5 questions linted on 2026-12-03: 3 without an article-level source, 0 past valid_until, 0 near-duplicate pairs, 0 give-away explanations.",
            lines.Last(l => l.Length > 0));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Lint_of_a_missing_folder_exits_2()
    {
        var error = new StringWriter();

        Assert.Equal(2, BankLintCommand.Run(Path.Combine(Path.GetTempPath(), "no-such-bank-" + Guid.NewGuid()), 0.5, Today, TextWriter.Null, error));
        Assert.Contains("does not exist", error.ToString());
    }
}
