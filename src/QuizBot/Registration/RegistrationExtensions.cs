using QuizBot.Conversation;

namespace QuizBot.Registration;

/// <summary>What /start with a payload (a deep link) leads to; a feature registers one per payload prefix.</summary>
public interface IStartPayloadHandler
{
    bool Accepts(string payload);

    /// <summary>Runs for a registered participant: at once, or right after registration for a newcomer.</summary>
    Task HandleAsync(ConversationContext context, string payload, CancellationToken ct);
}

public static class RegistrationExtensions
{
    public static IServiceCollection AddRegistration(this IServiceCollection services)
    {
        services.AddCommand<StartHandler>("start", new("Đăng ký hoặc xem tình hình hôm nay", "Register, or see today's status"), order: 0);
        services.AddCallback<PickUnit, RegistrationCallbacks>();
        services.AddCallback<ConfirmName, RegistrationCallbacks>();
        services.AddCallback<ChangeName, RegistrationCallbacks>();
        services.AddTextHandler<NameTextHandler>();
        services.AddScoped<StartPayloads>();
        return services;
    }
}

/// <summary>Hands a /start payload to the feature that understands it.</summary>
public sealed class StartPayloads(IEnumerable<IStartPayloadHandler> handlers)
{
    /// <returns>false when no feature knows the payload.</returns>
    public async Task<bool> HandleAsync(ConversationContext context, string payload, CancellationToken ct)
    {
        if (handlers.FirstOrDefault(h => h.Accepts(payload)) is not { } handler) return false;
        await handler.HandleAsync(context, payload, ct);
        return true;
    }
}
