using Microsoft.Extensions.DependencyInjection;
using QuizBot.Conversation;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using QuizBot.Learning;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Integration;

/// <summary>FSRS in the conversation: answers reschedule their questions, /review and /practice serve what is due.</summary>
public sealed class SpacedRepetitionTests : IntegrationTest
{
    /// <summary>The right option of each test-bank question, by a phrase of its text.</summary>
    private static readonly (string Stem, string Right)[] Key = [("Chi bộ họp vào ngày nào", "Ngày 3"), ("Sinh hoạt chi bộ kéo dài", "90 phút")];

    private static async Task<string> AnswerAsync(WebChatUser user, bool right)
    {
        var question = user.LastWithButtons;
        var (stem, answer) = Key.Single(k => question.Html.Contains(k.Stem, StringComparison.Ordinal));
        var letter = Regex.Match(question.Html, $@"<b>([A-F])\.</b> {Regex.Escape(answer)}(\n|$)").Groups[1].Value;
        Assert.NotEmpty(letter);
        var toast = await user.PressAsync(question, b => right ? b.Text == letter : b.Text != letter && b.Data.StartsWith("a:", StringComparison.Ordinal));
        Assert.Equal(right ? "✅ Chính xác!" : "❌ Chưa đúng", toast);
        return stem;
    }

    [Fact]
    public async Task A_missed_question_comes_back_sooner_than_one_answered_right_on_the_days_FSRS_gives()
    {
        using var host = StartHost();
        var missing = await host.NewUser().OpenAsync();
        var knowing = await host.NewUser().OpenAsync();
        await missing.RegisterAsync("Lê Văn Một");
        await knowing.RegisterAsync("Lê Văn Hai");
        var answeredAt = Clock.GetUtcNow();

        await missing.SayAsync("/practice cells 1");
        var missed = await AnswerAsync(missing, right: false);
        await knowing.SayAsync("/practice cells 1");
        await AnswerAsync(knowing, right: true);

        // What the reference-tested scheduler gives for a first Again, and a first right answer in no time (Easy).
        var fsrs = new Fsrs();
        var again = fsrs.Review(null, Rating.Again, answeredAt).Due;
        var easy = fsrs.Review(null, Rating.Easy, answeredAt).Due;
        Assert.True(again < easy);
        var cards = host.Scoped(db => db.ReviewCards.OrderBy(c => c.ParticipantId).ToList());
        Assert.Equal([again.UtcDateTime, easy.UtcDateTime], cards.Select(c => c.Due));

        Clock.SetUtcNow(again);
        await missing.SayAsync("/review");
        await knowing.SayAsync("/review");

        Assert.Contains("Câu 1/1", missing.LastWithButtons.Html);
        Assert.Contains(missed, missing.LastWithButtons.Html);
        Assert.Contains("Chưa có câu nào đến hạn ôn", knowing.LastBot.Html);
        Assert.Contains("ngày", knowing.LastBot.Html);
    }

    [Fact]
    public async Task Practice_serves_the_due_review_before_new_questions()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        await user.SayAsync("/practice cells 2");
        var missed = await AnswerAsync(user, right: false);
        await AnswerAsync(user, right: true);

        Clock.Advance(TimeSpan.FromDays(2));
        await user.SayAsync("/practice 1");

        Assert.Contains(missed, user.LastWithButtons.Html);
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("0.99")]
    public void A_desired_retention_outside_070_to_097_stops_start_up_naming_the_key(string value)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Configuration["Quiz:DesiredRetention"] = value;
        builder.AddPractice();
        using var services = builder.Services.BuildServiceProvider();

        // What start-up validates (ValidateOnStart); Program prints the message as its one line.
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<QuizBot.Practice.QuizOptions>>().Value);

        Assert.StartsWith("Quiz:DesiredRetention: must lie between 0.70 and 0.97", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_without_any_answers_says_to_practise_first()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();

        await user.SayAsync("/review");

        Assert.Contains("Bạn chưa có câu nào để ôn", user.LastBot.Html);
    }
}
