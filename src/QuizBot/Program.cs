using Microsoft.Extensions.Options;
using QuizBot;
using QuizBot.Contests;
using QuizBot.Dashboard;
using QuizBot.Dashboard.Organizer;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Leaderboards;
using QuizBot.Live;
using QuizBot.QuestionBank;
using QuizBot.Scheduling;
using QuizBot.Telegram;
using QuizBot.WebChat;

if (AdminCommands.IsVerb(args)) return await AdminCommands.RunAsync(args);

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddQuietDefaults();
    builder.AddQuizBotData();
    builder.AddQuestionBank();
    builder.AddConversation();
    builder.AddPractice();
    builder.AddRounds();
    builder.AddLeaderboards();
    builder.AddLive();
    builder.AddOrganizerDashboard();
    builder.AddWebChat();
    builder.AddTelegram();
    builder.AddScheduling();

    var app = builder.Build();
    app.UseOrganizerSessions();
    app.MapWebChat();
    app.MapDashboard();
    app.MapProjector();
    app.MapOrganizerDashboard();
    app.MapTelegramWebhook();
    app.Lifetime.ApplicationStarted.Register(() => app.AnnounceWebChat());
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is StartupException or OptionsValidationException)
{
    Console.Error.WriteLine($"QuizBot cannot start: {e.Message}");
    return 1;
}

public partial class Program;
