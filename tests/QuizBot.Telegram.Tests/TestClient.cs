namespace QuizBot.Telegram.Tests;

internal static class TestClient
{
    // Shaped like a real token so that a leak would be easy to spot and hard to miss by accident.
    public const string Token = "7340012345:AAFsecret-Token_x9Zq";

    public const string BaseUrl = "https://api.telegram.test/";

    public static TelegramBotClient Create(FakeHttpHandler handler, TimeSpan? requestTimeout = null, TimeSpan? httpClientTimeout = null)
    {
        var options = new TelegramBotClientOptions(Token, BaseUrl)
        {
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
        };
        var httpClient = new HttpClient(handler) { Timeout = httpClientTimeout ?? Timeout.InfiniteTimeSpan };
        return new TelegramBotClient(options, httpClient);
    }
}
