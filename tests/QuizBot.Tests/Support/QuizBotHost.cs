using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuizBot.Data;
using QuizBot.WebChat;

namespace QuizBot.Tests.Support;

/// <summary>
/// The real service in-process (every start-up step, real SQLite in a temporary file) with a test clock, driven
/// through the web chat's HTTP endpoints. Two hosts on the same database file stand for a restart.
/// </summary>
public sealed class QuizBotHost : WebApplicationFactory<Program>
{
    private readonly string databaseFile;
    private readonly string bankFolder;

    private readonly Action<IWebHostBuilder>? configure;

    public QuizBotHost(string bankFolder, string databaseFile, ObservedClock clock, Action<IWebHostBuilder>? configure = null)
    {
        this.configure = configure;
        this.bankFolder = bankFolder;
        this.databaseFile = databaseFile;
        Clock = clock;
    }

    public ObservedClock Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (TestDatabases.PostgresServer is { } server)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:QuizBot", TestDatabases.PostgresFor(server, databaseFile));
        }
        else
        {
            builder.UseSetting("ConnectionStrings:QuizBot", $"Data Source={databaseFile}");
        }
        builder.UseSetting("QuestionBank:Path", bankFolder);
        builder.UseSetting("QuestionBank:Watch", "false");
        builder.UseSetting("Telegram:BotToken", "");
        builder.UseSetting("Quiz:SecondsPerQuestion", "30");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        configure?.Invoke(builder);
    }

    public WebChatUser NewUser() => new(CreateClient());

    /// <summary>A registered Telegram member of the unit, written straight to the database (registration is tested elsewhere).</summary>
    public int RegisterMember(long user, int unitId, string name)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<QuizBotDb>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var participant = new Participant
        {
            Transport = Transport.Telegram, ExternalId = user, ChatId = user, DisplayName = name, UnitId = unitId,
            Step = RegistrationStep.Registered, CreatedAt = now, RegisteredAt = now,
        };
        db.Participants.Add(participant);
        db.SaveChanges();
        return participant.Id;
    }

    public T Scoped<T>(Func<QuizBotDb, T> query)
    {
        using var scope = Services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<QuizBotDb>());
    }
}

/// <summary>One person in the web chat: sends text, presses buttons, reads what the bot shows.</summary>
public sealed class WebChatUser(HttpClient http)
{
    private long chatId;

    public long ChatId => chatId;

    public List<WebChatEndpoints.MessageDto> Screen { get; } = [];

    public string? LastToast { get; private set; }

    public async Task<WebChatUser> OpenAsync()
    {
        var session = await (await http.PostAsJsonAsync("/chat/api/session", new { })).Content.ReadFromJsonAsync<SessionDto>();
        chatId = session!.ChatId;
        return this;
    }

    public WebChatUser ResumeOn(long existingChatId)
    {
        chatId = existingChatId;
        return this;
    }

    public async Task<HttpResponseMessage> SayAsync(string text)
    {
        var response = await http.PostAsJsonAsync("/chat/api/send", new { chatId, text });
        await RefreshAsync();
        return response;
    }

    public async Task<string?> PressAsync(WebChatEndpoints.MessageDto message, Func<WebChatEndpoints.ButtonDto, bool> which)
    {
        var button = message.Buttons.SelectMany(r => r).First(which);
        return await PressDataAsync(button.Data, message.Id);
    }

    public async Task<string?> PressDataAsync(string data, int? messageId)
    {
        var response = await http.PostAsJsonAsync("/chat/api/send", new { chatId, data, messageId });
        response.EnsureSuccessStatusCode();
        LastToast = (await response.Content.ReadFromJsonAsync<WebChatEndpoints.SendResponse>())!.Toast;
        await RefreshAsync();
        return LastToast;
    }

    public WebChatEndpoints.MessageDto LastBot => Screen.Last(m => !m.FromUser);

    public WebChatEndpoints.MessageDto LastWithButtons => Screen.Last(m => m.Buttons.Count > 0);

    public async Task RefreshAsync()
    {
        var feed = await http.GetFromJsonAsync<WebChatEndpoints.FeedResponse>($"/chat/api/messages?chatId={chatId}&after=0&wait=0");
        Screen.Clear();
        Screen.AddRange(feed!.Messages);
    }

    /// <summary>Walks the unit tree by pressing the first unit at each level, then gives a name and confirms it.</summary>
    public async Task RegisterAsync(string name = "Nguyễn Văn An")
    {
        await SayAsync("/start");
        while (LastBot.Buttons.Count > 0 && LastBot.Buttons[0][0].Data.StartsWith("u:", StringComparison.Ordinal))
        {
            await PressAsync(LastBot, _ => true);
        }
        await SayAsync(name);
        await PressAsync(LastBot, b => b.Data == "n:ok");
    }

    private sealed record SessionDto(long ChatId);
}
