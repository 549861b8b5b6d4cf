using QuizBot.Data;

namespace QuizBot.Tests.Integration;

public sealed class RestartTests : IntegrationTest
{
    [Fact]
    public async Task A_restart_mid_quiz_loses_no_answer_and_the_user_goes_on()
    {
        long chatId;
        using (var before = StartHost())
        {
            var user = await before.NewUser().OpenAsync();
            chatId = user.ChatId;
            await user.RegisterAsync();
            await user.SayAsync("/practice cells 2");
            await user.PressAsync(user.LastWithButtons, _ => true);
        }

        using var after = StartHost();
        var again = after.NewUser().ResumeOn(chatId);
        await again.SayAsync("/start");
        Assert.Contains("Chào mừng trở lại", again.Screen[^3].Html);
        Assert.Contains("câu 2/2", again.Screen[^2].Html);
        await again.PressAsync(again.LastWithButtons, _ => true);

        Assert.Contains("/2</b>", again.LastBot.Html);
        var answers = after.Scoped(db => db.Answers.OrderBy(a => a.Position).Select(a => a.Position).ToList());
        Assert.Equal([0, 1], answers);
        Assert.Equal(AttemptStatus.Finished, after.Scoped(db => db.Attempts.Single().Status));
    }
}
