using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Webhook mode: Telegram posts each update; the endpoint checks the secret, queues the update and answers at
/// once (a slow answer makes Telegram deliver it again); a consumer feeds the queue to the update pipeline.
/// </summary>
public static class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    public const int QueueCapacity = 10_000;

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (!options.Enabled || options.Mode != TelegramMode.Webhook) return app;
        var secret = Encoding.UTF8.GetBytes(options.WebhookSecret);
        app.MapPost(new Uri(options.WebhookUrl).AbsolutePath, async (HttpRequest request, WebhookQueue queue, ILogger<WebhookQueue> log) =>
        {
            var given = Encoding.UTF8.GetBytes(request.Headers[SecretHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, secret)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            Update? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<Update>(request.Body, TelegramJson.Options, request.HttpContext.RequestAborted);
            }
            catch (JsonException e)
            {
                log.LogWarning("Webhook body is not an update: {Reason}", e.Message);
                return Results.BadRequest();
            }
            if (update is null) return Results.BadRequest();
            // Full: say so, and Telegram delivers it again later rather than it being dropped here.
            return queue.Writer.TryWrite(update) ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}

public sealed class WebhookQueue
{
    private readonly Channel<Update> channel = Channel.CreateBounded<Update>(new BoundedChannelOptions(TelegramWebhook.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ChannelWriter<Update> Writer => channel.Writer;

    public ChannelReader<Update> Reader => channel.Reader;
}

/// <summary>Registers the webhook with Telegram, then hands queued updates to the pipeline in batches.</summary>
public sealed class TelegramWebhookService(
    ITelegramBotClient client,
    WebhookQueue queue,
    TelegramUpdatePipeline pipeline,
    CommandMenu menu,
    IOptions<TelegramOptions> options,
    ILogger<TelegramWebhookService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RegisterAsync(stoppingToken);
        var batch = new List<Update>(100);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < 100 && queue.Reader.TryRead(out var update)) batch.Add(update);
            try
            {
                await pipeline.AcceptAsync(batch, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "A batch of {Count} webhook updates failed", batch.Count);
            }
            batch.Clear();
        }
    }

    private Task RegisterAsync(CancellationToken ct) => pipeline.ConnectAsync(async token =>
    {
        var o = options.Value;
        await client.SetWebhook(o.WebhookUrl, o.WebhookSecret, maxConnections: 40, TelegramPollingService.Wanted, dropPendingUpdates: false, token);
        log.LogInformation("Telegram webhook set to {Url}", o.WebhookUrl);
    }, menu, ct);
}
