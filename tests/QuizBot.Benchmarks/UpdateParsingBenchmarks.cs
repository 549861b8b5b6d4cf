using System.Net;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace QuizBot.Benchmarks;

/// <summary>
/// A full getUpdates answer of 100 updates as Telegram sends it under load: mostly answer presses, some
/// commands, with the from/chat/message objects Telegram fills in.
/// </summary>
[MemoryDiagnoser]
public class UpdateParsingBenchmarks
{
    private byte[] body = [];
    private byte[] oneUpdate = [];
    private TelegramBotClient client = null!;

    [GlobalSetup]
    public void Setup()
    {
        body = Encoding.UTF8.GetBytes(GetUpdatesBody(100));
        using var document = JsonDocument.Parse(body);
        oneUpdate = Encoding.UTF8.GetBytes(document.RootElement.GetProperty("result")[0].GetRawText());
        client = new TelegramBotClient(new TelegramBotClientOptions("7000000001:benchmark-token-0123456789", "http://127.0.0.1:9") { RetryThreshold = 0 },
            new HttpClient(new CannedAnswer(body)));
    }

    /// <summary>What the polling loop does: the whole call through the client, HTTP plumbing in memory.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> GetUpdatesThroughClient() => (await client.GetUpdates(offset: 1, limit: 100, timeout: 25)).Length;

    /// <summary>The envelope, then the result array with the Bot API serializer options.</summary>
    [Benchmark]
    public int ParseEnvelopeAndUpdates()
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("result").Deserialize<Update[]>(JsonBotAPI.Options)!.Length;
    }

    /// <summary>One webhook body (a single update).</summary>
    [Benchmark]
    public int ParseOneWebhookUpdate() => JsonSerializer.Deserialize<Update>(oneUpdate, JsonBotAPI.Options)!.Id;

    internal static string GetUpdatesBody(int count)
    {
        var json = new StringBuilder("{\"ok\":true,\"result\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) json.Append(',');
            var user = 6_000_000_000L + i;
            var from = $$$"""{"id":{{{user}}},"is_bot":false,"first_name":"Bí thư","last_name":"Nguyễn Văn {{{i}}}","username":"bithu{{{i}}}","language_code":"vi"}""";
            var chat = $$$"""{"id":{{{user}}},"first_name":"Bí thư","last_name":"Nguyễn Văn {{{i}}}","username":"bithu{{{i}}}","type":"private"}""";
            if (i % 10 < 7)
            {
                json.Append($$$"""
                    {"update_id":{{{900_000 + i}}},"callback_query":{"id":"{{{user}}}{{{i:D8}}}","from":{{{from}}},
                    "message":{"message_id":{{{1_000_000 + i}}},"from":{"id":7000000001,"is_bot":true,"first_name":"QuizBot","username":"quizbot_bot"},
                    "chat":{{{chat}}},"date":1763769600,"edit_date":1763769601,
                    "text":"Câu 3/10 · Điều lệ Đảng\n\nTheo Điều lệ Đảng, chi bộ họp thường lệ bao lâu một lần?\n\nA. Mỗi tháng một lần\nB. Mỗi quý một lần\nC. Sáu tháng một lần\nD. Mỗi năm một lần\n\n⏱ 60 giây",
                    "entities":[{"offset":0,"length":8,"type":"bold"}],
                    "reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a:{{{40_000 + i}}}:2:0"},{"text":"B","callback_data":"a:{{{40_000 + i}}}:2:1"},{"text":"C","callback_data":"a:{{{40_000 + i}}}:2:2"},{"text":"D","callback_data":"a:{{{40_000 + i}}}:2:3"}]]}},
                    "chat_instance":"-58390117{{{i}}}","data":"a:{{{40_000 + i}}}:2:{{{i % 4}}}"}}
                    """);
            }
            else
            {
                json.Append($$$"""
                    {"update_id":{{{900_000 + i}}},"message":{"message_id":{{{2_000_000 + i}}},"from":{{{from}}},"chat":{{{chat}}},"date":1763769600,
                    "text":"/practice charter 10","entities":[{"offset":0,"length":9,"type":"bot_command"}]}}
                    """);
            }
        }
        return json.Append("]}").ToString();
    }

    private sealed class CannedAnswer(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
    }
}
