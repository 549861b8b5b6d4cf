using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Reminders;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Integration;

public sealed class ReminderTests : IntegrationTest
{
    // 07:29 in Asia/Ho_Chi_Minh (UTC+7) on 3 November 2026 (the test clock starts on 2 November and only moves on).
    private static readonly DateTimeOffset JustBefore = new(2026, 11, 3, 0, 29, 0, TimeSpan.Zero);

    private static async Task<int> SweepAsync(QuizBotHost host) =>
        await host.Services.GetRequiredService<ReminderService>().SweepAsync(CancellationToken.None);

    private static async Task<List<string>> RemindersShownAsync(WebChatUser user, int atLeast = 0)
    {
        for (var i = 0; i < 750; i++)
        {
            await user.RefreshAsync();
            var shown = user.Screen.Where(m => !m.FromUser && m.Html.Contains("⏰", StringComparison.Ordinal)).Select(m => m.Html).ToList();
            if (shown.Count >= atLeast && (atLeast > 0 || i > 0)) return shown;
            await Task.Delay(20);
        }
        throw new TimeoutException($"fewer than {atLeast} reminders were shown");
    }

    private async Task<(QuizBotHost Host, WebChatUser User)> RegisteredWithReminderAsync(string time)
    {
        Clock.SetUtcNow(JustBefore);
        var host = StartHost();
        var user = await host.NewUser().OpenAsync();
        await user.RegisterAsync();
        await user.SayAsync($"/settings {time}");
        Assert.Contains($"Sẽ nhắc bạn lúc {time} mỗi ngày", user.LastBot.Html);
        return (host, user);
    }

    [Fact]
    public async Task A_user_who_chose_0730_is_reminded_at_0730_local_time_once()
    {
        var (host, user) = await RegisteredWithReminderAsync("07:30");

        Assert.Equal(0, await SweepAsync(host));
        // Quartz runs on the host's clock: moving it to 07:30 fires the minute's sweep.
        Clock.Advance(TimeSpan.FromMinutes(1));
        var shown = await RemindersShownAsync(user, atLeast: 1);
        // A second sweep in the same minute (a duplicate trigger) queues nobody.
        Assert.Equal(0, await SweepAsync(host));

        Assert.Contains("Đến giờ luyện tập", Assert.Single(shown));
        var log = host.Scoped(db => db.ReminderLogs.Single());
        Assert.Equal((new DateOnly(2026, 11, 3), JustBefore.AddMinutes(1).UtcDateTime), (log.Day, log.SentAt));
    }

    [Fact]
    public async Task A_restart_the_same_day_sends_nothing_again_and_the_next_day_sends_again()
    {
        var (host, user) = await RegisteredWithReminderAsync("07:30");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await RemindersShownAsync(user, atLeast: 1);
        host.Dispose();

        using var restarted = StartHost();
        Assert.Equal(0, await SweepAsync(restarted));
        Clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync(restarted); // or Quartz's firing of the next day's minute, whichever comes first
        await EventuallyAsync(() => restarted.Scoped(db => db.ReminderLogs.Count()) == 2);
        Assert.Equal(0, await SweepAsync(restarted));
        Assert.Equal([new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 4)], restarted.Scoped(db => db.ReminderLogs.OrderBy(r => r.Day).Select(r => r.Day).ToList()));
    }

    [Fact]
    public async Task A_reminder_that_fell_due_while_the_service_was_down_is_sent_on_start_the_same_day()
    {
        var (host, user) = await RegisteredWithReminderAsync("07:30");
        host.Dispose();
        Clock.Advance(TimeSpan.FromHours(2));

        using var restarted = StartHost();
        await SweepAsync(restarted); // or Quartz's catch-up firing, whichever comes first
        await EventuallyAsync(() => restarted.Scoped(db => db.ReminderLogs.Count()) == 1);
        Assert.Equal(0, await SweepAsync(restarted));
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_or_turned_reminders_off_gets_none()
    {
        var (host, user) = await RegisteredWithReminderAsync("07:30");
        host.Scoped(db => db.Database.ExecuteSqlRaw("""UPDATE "Participants" SET "IsActive" = FALSE"""));
        var other = await host.NewUser().OpenAsync();
        await other.RegisterAsync("Trần Văn Hai");
        await other.SayAsync("/settings 07:30");
        await other.SayAsync("/settings");
        Assert.Equal("Đã tắt nhắc nhở hằng ngày.", await other.PressAsync(other.LastBot, b => b.Data == "r:off"));

        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, await SweepAsync(host));
        Assert.Null(host.Scoped(db => db.Participants.Single(p => p.DisplayName == "Trần Văn Hai").ReminderAt));
    }

    [Fact]
    public async Task A_typed_time_that_is_not_HH_MM_gets_a_clear_message_and_changes_nothing()
    {
        var (host, user) = await RegisteredWithReminderAsync("07:30");

        await user.SayAsync("/settings 25:99");

        Assert.Contains("HH:MM", user.LastBot.Html);
        Assert.Equal(new TimeOnly(7, 30), host.Scoped(db => db.Participants.Single().ReminderAt));
    }

    [Fact]
    public async Task Settings_moves_a_participant_to_another_cell_and_forged_moves_change_nothing()
    {
        var (host, user) = await RegisteredWithReminderAsync("07:30");
        await user.SayAsync("/settings");

        var menu = user.LastWithButtons;
        int Unit(string code) => host.Scoped(db => db.Units.Single(u => u.Code == code).Id);
        await user.PressAsync(menu, b => b.Data == "m:0");
        Assert.Contains("Chọn đơn vị mới", user.Screen.Single(m => m.Id == menu.Id).Html);
        await user.PressDataAsync($"m:{Unit("P1")}", menu.Id);
        await user.PressDataAsync($"m:{Unit("P1-C1")}", menu.Id);
        Assert.Contains(user.Screen.Single(m => m.Id == menu.Id).Buttons.SelectMany(r => r), b => b.Data == $"m:{Unit("P1-C1-CB2")}");
        var target = Unit("P1-C1-CB2");
        await user.PressDataAsync($"m:{target}", menu.Id);

        Assert.Contains("Đã chuyển sang", user.LastBot.Html);
        Assert.Equal(target, host.Scoped(db => db.Participants.Single().UnitId));
        // A forged press naming a unit that does not exist, or a province, moves nobody.
        Assert.Equal("Nút này đã hết hiệu lực hoặc câu hỏi đã đóng.", await user.PressDataAsync("m:99999", null));
        await user.PressDataAsync($"m:{host.Scoped(db => db.Units.Single(u => u.Code == "P1").Id)}", null);
        Assert.Equal(target, host.Scoped(db => db.Participants.Single().UnitId));
    }

    [Fact]
    public async Task Quartz_keeps_the_sweep_trigger_in_the_database_in_the_contest_time_zone()
    {
        using var host = StartHost();
        await EventuallyAsync(() => CronTimeZone() is not null);

        Assert.Equal("Asia/Ho_Chi_Minh", CronTimeZone());

        // Quartz's tables are named in capitals on SQLite and in small letters on PostgreSQL: unquoted, both match.
        string? CronTimeZone() => host.Scoped(db =>
        {
            try
            {
                return db.Database.SqlQueryRaw<string>(
                    "SELECT TIME_ZONE_ID AS \"Value\" FROM QRTZ_CRON_TRIGGERS WHERE TRIGGER_NAME = 'reminder-sweep-every-minute'").AsEnumerable().FirstOrDefault();
            }
            catch (System.Data.Common.DbException)
            {
                return null; // not provisioned yet
            }
        });
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 750 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition());
    }
}
