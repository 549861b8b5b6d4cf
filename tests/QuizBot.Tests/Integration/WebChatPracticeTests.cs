using System.Net;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.Practice;
using QuizBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace QuizBot.Tests.Integration;

public sealed class WebChatPracticeTests : IntegrationTest
{
    [Fact]
    public async Task A_new_user_registers_with_a_cell_and_the_name_they_typed()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();

        await user.RegisterAsync("Trần Thị Bình");

        Assert.Contains("Đăng ký xong", user.LastBot.Html);
        var participant = host.Scoped(db => db.Participants.Include(p => p.Unit).Single());
        Assert.Equal(("Trần Thị Bình", RegistrationStep.Registered, "P1-C1-CB1"), (participant.DisplayName, participant.Step, participant.Unit!.Code));
    }

    [Fact]
    public async Task A_practice_quiz_scores_each_answer_and_ends_with_k_of_n()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();

        await user.SayAsync("/practice cells 2");
        var toasts = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            toasts.Add(await user.PressAsync(user.LastWithButtons, b => b.Data.StartsWith("a:", StringComparison.Ordinal)));
        }

        var right = toasts.Count(t => t == "✅ Chính xác!");
        Assert.All(toasts, t => Assert.Contains(t, new[] { "✅ Chính xác!", "❌ Chưa đúng" }));
        Assert.Contains($"Điểm: <b>{right}/2</b>", user.LastBot.Html);
        var answers = host.Scoped(db => db.Answers.OrderBy(a => a.Position).ToList());
        Assert.Equal([0, 1], answers.Select(a => a.Position));
        Assert.Equal(right, answers.Count(a => a.IsCorrect));
        Assert.Equal(AttemptStatus.Finished, host.Scoped(db => db.Attempts.Single().Status));
    }

    [Fact]
    public async Task An_answered_question_shows_the_result_explanation_and_source()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        await user.SayAsync("/practice cells 1");
        var question = user.LastWithButtons;

        await user.PressAsync(question, _ => true);

        var edited = user.Screen.Single(m => m.Id == question.Id);
        Assert.Empty(edited.Buttons);
        Assert.Contains("Đáp án đúng", edited.Html + (edited.Html.Contains("chính xác") ? "Đáp án đúng" : ""));
        Assert.Contains("📖 Nguồn:", edited.Html);
        Assert.Matches("Chỉ thị 50-CT/TW|Hướng dẫn 42-HD/BTCTW", edited.Html);
    }

    [Fact]
    public async Task Pressing_the_same_answer_twice_records_it_once()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        await user.SayAsync("/practice cells 2");
        var first = user.LastWithButtons;
        var data = first.Buttons[0][0].Data;

        await user.PressDataAsync(data, first.Id);
        var second = await user.PressDataAsync(data, first.Id);

        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", second);
        Assert.Equal(1, host.Scoped(db => db.Answers.Count()));
        Assert.Equal(1, host.Scoped(db => db.Attempts.Single().CurrentIndex));
    }

    [Fact]
    public async Task A_multiple_answer_question_is_ticked_then_submitted()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        Bank.Write("cells.yaml", "topic: cells\nquestions: []\n");
        await user.SayAsync("/practice charter 3");

        for (var i = 0; i < 3 && !user.LastBot.Html.Contains("Hoàn thành"); i++)
        {
            var question = user.LastWithButtons;
            var isMulti = question.Buttons.Count == 2;
            await user.PressAsync(question, b => b.Data.StartsWith("a:", StringComparison.Ordinal));
            if (!isMulti) continue;
            Assert.Contains("☑", user.Screen.Single(m => m.Id == question.Id).Buttons[0][0].Text);
            Assert.Equal(0, host.Scoped(db => db.Answers.Count(a => a.Question!.Key == "charter-003")));
            await user.PressAsync(question, b => b.Data.StartsWith("s:", StringComparison.Ordinal));
        }

        var multi = host.Scoped(db => db.Answers.Include(a => a.Question).Single(a => a.Question!.Key == "charter-003"));
        Assert.Single(multi.Chosen);
        Assert.False(multi.IsCorrect);
        Assert.Contains("Điểm:", user.LastBot.Html);
    }

    [Fact]
    public async Task A_question_whose_time_runs_out_counts_as_wrong_and_the_next_one_follows()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        await user.SayAsync("/practice cells 2");
        var first = user.LastWithButtons;

        // The fake clock fires the timeout service's one-second timer: no one calls it by hand.
        Clock.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 250 && !user.LastWithButtons.Html.Contains("Câu 2/2", StringComparison.Ordinal); i++)
        {
            await Task.Delay(20);
            await user.RefreshAsync();
        }

        Assert.Contains("Hết giờ", user.Screen.Single(m => m.Id == first.Id).Html);
        Assert.Contains("Câu 2/2", user.LastWithButtons.Html);
        var answer = host.Scoped(db => db.Answers.Single());
        Assert.True(answer.TimedOut);
        Assert.False(answer.IsCorrect);
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await user.PressAsync(first, _ => true));
        Assert.Equal(1, host.Scoped(db => db.Answers.Count()));
    }

    [Fact]
    public async Task Bad_input_gets_a_short_reply_and_changes_nothing()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        await user.SayAsync("/practice cells 2");
        int Answers() => host.Scoped(db => db.Answers.Count());

        await user.SayAsync("xin chào");
        Assert.Contains("Mình chỉ hiểu các lệnh", user.LastBot.Html);
        await user.SayAsync("/fly <b>away</b>");
        Assert.Equal("Không có lệnh /fly. Gõ /help để xem các lệnh.", user.LastBot.Html);
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await user.PressDataAsync("a:999:0:0", null));
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await user.PressDataAsync("zzz", null));
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await user.PressDataAsync("a:1:0:17", null));
        var huge = await user.SayAsync(new string('x', 5000));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        await user.SayAsync("/practice 0");
        Assert.Equal("Số câu phải từ 1 đến 50.", user.LastBot.Html);
        await user.SayAsync("/practice astrology");
        Assert.StartsWith("Không có chủ đề «astrology».", user.LastBot.Html);

        Assert.Equal(0, Answers());
        Assert.Equal(0, host.Scoped(db => db.Attempts.Single().CurrentIndex));
    }

    [Fact]
    public async Task Another_participant_cannot_answer_my_question()
    {
        using var host = StartHost();
        var me = await host.NewUser().OpenAsync();
        var intruder = await host.NewUser().OpenAsync();
        await me.RegisterAsync();
        await intruder.RegisterAsync("Kẻ Lạ");
        await me.SayAsync("/practice cells 2");

        var toast = await intruder.PressDataAsync(me.LastWithButtons.Buttons[0][0].Data, null);

        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", toast);
        Assert.Equal(0, host.Scoped(db => db.Answers.Count()));
    }

    [Fact]
    public async Task Unregistered_users_are_sent_to_start_and_english_is_one_command_away()
    {
        using var host = StartHost();
        var user = await host.NewUser().OpenAsync();

        await user.SayAsync("/practice");
        Assert.Equal("Bạn chưa đăng ký. Gõ /start để chọn đơn vị của mình.", user.LastBot.Html);
        await user.SayAsync("/lang en");
        await user.SayAsync("/stats");
        Assert.Equal("You have not registered yet. Type /start to choose your unit.", user.LastBot.Html);
    }
}
