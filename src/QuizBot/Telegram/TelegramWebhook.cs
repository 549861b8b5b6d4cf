using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Webhook mode: Telegram posts each update; the endpoint checks the secret, stores the update in the inbox (in a
/// group commit with the other deliveries of the moment) and only then answers 200. An update that could not be
/// stored gets an error status, so Telegram delivers it again: nothing acknowledged is ever lost.
/// </summary>
public static class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (!options.Enabled || options.Mode != TelegramMode.Webhook) return app;
        var secret = Encoding.UTF8.GetBytes(options.WebhookSecret);
        app.MapPost(new Uri(options.WebhookUrl).AbsolutePath, async (HttpRequest request, TelegramUpdatePipeline pipeline, ILogger<TelegramUpdatePipeline> log) =>
        {
            var given = Encoding.UTF8.GetBytes(request.Headers[SecretHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, secret)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            Update? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<Update>(request.Body, JsonBotAPI.Options, request.HttpContext.RequestAborted);
            }
            catch (JsonException e)
            {
                log.LogWarning("Webhook body is not an update: {Reason}", e.Message);
                return Results.BadRequest();
            }
            if (update is null) return Results.BadRequest();
            try
            {
                await pipeline.AcceptAsync([update], request.HttpContext.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not stored, so not acknowledged: Telegram delivers it again.
                log.LogWarning("Webhook update {UpdateId} could not be stored ({Reason}); Telegram will deliver it again", update.Id, e.Message);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            return Results.Ok();
        });
        return app;
    }
}

/// <summary>Registers the webhook with Telegram once the server listens (so that no delivery meets a closed port);
/// the endpoint does the rest.</summary>
public sealed class TelegramWebhookService(
    ITelegramBotClient client,
    TelegramUpdatePipeline pipeline,
    CommandMenu menu,
    IHostApplicationLifetime lifetime,
    IOptions<TelegramOptions> options,
    ILogger<TelegramWebhookService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => listening.TrySetResult()))
        {
            await listening.Task.WaitAsync(stoppingToken);
        }
        await pipeline.ConnectAsync(RegisterAsync, menu, stoppingToken);
    }

    private async Task RegisterAsync(CancellationToken token)
    {
        var o = options.Value;
        await client.SetWebhook(o.WebhookUrl, maxConnections: o.WebhookMaxConnections, allowedUpdates: TelegramPollingService.Wanted,
            dropPendingUpdates: false, secretToken: o.WebhookSecret, cancellationToken: token);
        log.LogInformation("Telegram webhook set to {Url}", o.WebhookUrl);
    }
}
