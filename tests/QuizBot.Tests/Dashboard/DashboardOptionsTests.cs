using Microsoft.AspNetCore.Builder;
using QuizBot.Dashboard.Organizer;

namespace QuizBot.Tests.Dashboard;

/// <summary>Dashboard:PublicUrl: where the login links point, and the start-up line for a bad value.</summary>
public sealed class DashboardOptionsTests
{
    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://quiz.example.org")]
    [InlineData("/dashboard")]
    [InlineData("https://quiz.example.org/?x=1")]
    public void A_public_url_that_is_not_http_stops_start_up_with_one_line_naming_the_key(string url)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Dashboard:PublicUrl"] = url;

        var e = Assert.Throws<StartupException>(() => builder.AddOrganizerDashboard());

        Assert.StartsWith("Dashboard:PublicUrl:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData(null, null, "http://127.0.0.1:5080/dashboard/login?token=T")]
    [InlineData("", "http://127.0.0.1:6001;http://10.0.0.5:6001", "http://127.0.0.1:6001/dashboard/login?token=T")]
    [InlineData(null, "http://0.0.0.0:8080", "http://127.0.0.1:8080/dashboard/login?token=T")]
    [InlineData(null, "http://*:8080", "http://127.0.0.1:8080/dashboard/login?token=T")]
    [InlineData("https://quiz.example.org", "http://127.0.0.1:5080", "https://quiz.example.org/dashboard/login?token=T")]
    [InlineData("https://example.org/quizbot/", null, "https://example.org/quizbot/dashboard/login?token=T")]
    public void Links_point_at_the_public_url_or_else_at_the_services_own_first_address(string? publicUrl, string? urls, string link)
    {
        Assert.Equal(link, new DashboardAddress(DashboardOptions.Resolve(publicUrl, urls)).LoginLink("T"));
    }
}
