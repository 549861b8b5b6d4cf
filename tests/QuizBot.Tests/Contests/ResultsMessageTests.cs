using System.Text.RegularExpressions;
using QuizBot.Contests;
using QuizBot.QuestionBank;
using static QuizBot.Tests.Contests.Contestants;

namespace QuizBot.Tests.Contests;

public sealed class ResultsMessageTests
{
    private static readonly Dictionary<int, (string, int)> Units = new()
    {
        [1] = ("Chi bộ Thôn 1", 4),
        [2] = ("Chi bộ <Trường> & Trạm", 10),
    };

    private static int RankLines(string message) => Regex.Matches(message, @"^\d+\. ", RegexOptions.Multiline).Count;

    [Fact]
    public void The_message_has_the_title_the_ranked_list_the_units_and_the_winners()
    {
        var ranking = PrizeTiers.Parse("1,1,0,0").Apply(Ranked(
            Attempt(1, "Nguyễn Văn An", score: 9.5, timeMs: 83_000, unitId: 1, unitName: "Chi bộ Thôn 1"),
            Attempt(2, "Trần Thị <b>Bình</b>", score: 7, timeMs: 3_723_000, unitId: 2, unitName: "Chi bộ <Trường> & Trạm"),
            Attempt(3, "Lê Văn Cường", score: 5, unitId: 2, unitName: "Chi bộ <Trường> & Trạm"),
            Attempt(4, "Đinh Thu", score: 4, unitId: 7, unitName: "Chi bộ chưa có danh sách")));
        var units = UnitResults.Compute(ranking, Units);

        var message = ResultsMessage.Render("Vòng 1 <sơ khảo>", ranking, units, topN: 10, Languages.Vietnamese);

        Assert.StartsWith("🏆 <b>Kết quả Vòng 1 &lt;sơ khảo&gt;</b>\n4 người dự thi", message);
        Assert.Contains("1. <b>Nguyễn Văn An</b> — Chi bộ Thôn 1 · 9,5/10 · 1:23", message);
        Assert.Contains("2. <b>Trần Thị &lt;b&gt;Bình&lt;/b&gt;</b> — Chi bộ &lt;Trường&gt; &amp; Trạm · 7/10 · 1:02:03", message);
        Assert.Contains("Chi bộ Thôn 1: 1/4 người (25%), TB 9,5, cao nhất 9,5", message);
        Assert.Contains("Chi bộ &lt;Trường&gt; &amp; Trạm: 2/10 người (20%), TB 6, cao nhất 7", message);
        // A unit with no members on record shows its head count alone, not "1/0".
        Assert.Contains("\nChi bộ chưa có danh sách: 1 người, TB 4, cao nhất 4", message);
        Assert.Contains("🥇 Giải Nhất: <b>Nguyễn Văn An</b>", message);
        Assert.Contains("🥈 Giải Nhì: <b>Trần Thị &lt;b&gt;Bình&lt;/b&gt;</b>", message);
        Assert.DoesNotContain("Cường</b> — Chi bộ &lt;Trường&gt; &amp; Trạm\n", message.Split("<b>Giải thưởng</b>")[1]);
        Assert.DoesNotContain("người nữa", message);
        Assert.True(message.IndexOf("Bảng xếp hạng") < message.IndexOf("Theo đơn vị"));
        Assert.True(message.IndexOf("Theo đơn vị") < message.IndexOf("Giải thưởng"));
    }

    [Fact]
    public void The_list_stops_at_top_n_and_says_how_many_are_left_in_either_language()
    {
        var ranking = Ranked(Enumerable.Range(1, 10).Select(i => Attempt(i, score: 20 - i)).ToArray());

        var vi = ResultsMessage.Render("Vòng 1", ranking, [], topN: 3, Languages.Vietnamese);
        var en = ResultsMessage.Render("Round 1", ranking, [], topN: 3, Languages.English);

        Assert.Equal(3, RankLines(vi));
        Assert.Contains("3. <b>Người 03</b>", vi);
        Assert.Contains("\n… và 7 người nữa", vi);
        Assert.Contains("\n… and 7 more", en);
        Assert.StartsWith("🏆 <b>Results of Round 1</b>\n10 contestants", en);
        Assert.DoesNotContain("Giải", vi);
    }

    [Fact]
    public void A_long_result_is_cut_below_telegrams_limit_and_counts_everyone_left_out()
    {
        var ranking = PrizeTiers.Parse("3,10,20,200").Apply(Ranked(Enumerable.Range(1, 2000)
            .Select(i => Attempt(i, $"Nguyễn Thị Phương Thảo Hoàng Ngọc Minh {i:0000}", score: i % 37, unitId: i % 50,
                unitName: $"Chi bộ khu dân cư số {i % 50} phường Đông Hưng Thuận"))
            .ToArray()));
        var units = UnitResults.Compute(ranking, new Dictionary<int, (string, int)>());

        var message = ResultsMessage.Render("Vòng chung kết", ranking, units, topN: 500, Languages.Vietnamese);

        Assert.InRange(message.Length, 3000, ResultsMessage.MaxLength);
        var rankTail = Regex.Match(message, @"<b>Bảng xếp hạng</b>\n(?:.*\n)*?… và (\d+) người nữa\n");
        Assert.True(rankTail.Success, message);
        Assert.Equal(2000, RankLines(message) + int.Parse(rankTail.Groups[1].Value));
        var unitTail = Regex.Match(message, @"… và (\d+) đơn vị nữa");
        Assert.True(unitTail.Success);
        Assert.Matches(@"… và \d+ người nữa$", message);
        Assert.Contains("🥇 Giải Nhất", message);
    }

    [Fact]
    public void Nobody_yet_is_said_plainly()
    {
        var message = ResultsMessage.Render("Vòng 1", [], [], topN: 10, Languages.Vietnamese);

        Assert.Equal("🏆 <b>Kết quả Vòng 1</b>\nChưa có ai nộp bài.", message);
    }
}
