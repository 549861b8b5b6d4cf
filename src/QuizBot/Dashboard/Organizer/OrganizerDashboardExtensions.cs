using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Dashboard.Organizer;

/// <summary>The organizer pages: /dashboard in chat, the login by one-time link, the cookie session and the pages behind it.</summary>
public static class OrganizerDashboardExtensions
{
    public static WebApplicationBuilder AddOrganizerDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection("Dashboard");
        services.AddOptions<DashboardOptions>().Bind(section);
        var address = new DashboardAddress(DashboardOptions.Resolve(section["PublicUrl"], builder.Configuration["Urls"]));
        services.AddSingleton(address);
        // Behind an HTTPS proxy the service itself sees plain HTTP: the public address says whether the session cookie
        // must be Secure. (The anti-forgery cookie follows the request: its library refuses Secure on a plain request.)
        var secure = address.Base.Scheme == Uri.UriSchemeHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddCommand<DashboardCommand>("dashboard",
            new LocalizedText("Đường dẫn đăng nhập trang quản lý (ban tổ chức)", "A login link to the organizer pages (organizers)"), Role.Organizer, order: 156);
        services.AddScoped<LoginLinks>();
        services.AddScoped<OrganizerGate>();
        // The session cookie and the forms' tokens are sealed with these keys: kept beside the database, a restart
        // (or a new container on the same volume) keeps organizers logged in and their open forms good.
        var database = DatabaseSettings.Of(builder);
        if (!database.IsSqlite)
        {
            // Every instance behind the webhook's address reads the same keys: a login on one is good on all.
            services.AddDataProtection().SetApplicationName("QuizBot").PersistKeysToDbContext<QuizBotDb>();
        }
        else if (KeysFolder(database.ConnectionString) is { } keys)
        {
            services.AddDataProtection().SetApplicationName("QuizBot").PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
        services.AddAuthentication(OrganizerSession.Scheme).AddCookie(OrganizerSession.Scheme, cookie => OrganizerSession.Configure(cookie, secure));
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "quizbot.antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>"data/quizbot.db" keeps its keys in "data/quizbot-keys"; an in-memory database keeps them in memory too.</summary>
    private static string? KeysFolder(string sqliteConnection)
    {
        var file = new SqliteConnectionStringBuilder(sqliteConnection).DataSource;
        return Path.IsPathFullyQualified(file) ? Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + "-keys") : null;
    }

    /// <summary>Reads the session cookie into the request's user and checks anti-forgery tokens; before the endpoints.</summary>
    public static WebApplication UseOrganizerSessions(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static IEndpointRouteBuilder MapOrganizerDashboard(this IEndpointRouteBuilder app)
    {
        app.MapDashboardLogin();
        app.MapOrganizerRounds();
        app.MapNewRoundForm();
        app.MapParticipation();
        app.MapBankBrowser();
        return app;
    }
}
