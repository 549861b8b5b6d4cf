using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuizBot.QuestionBank;

namespace QuizBot.Conversation;

/// <summary>A command as a feature registers it: the router checks <see cref="Role"/> before the handler runs.</summary>
/// <remarks><see cref="Order"/> places it in /help and the command menu.</remarks>
public sealed record CommandInfo(string Name, Type Handler, LocalizedText Description, Role Role = Role.Everyone, int Order = 100);

/// <summary>A payload kind and the handler of its presses.</summary>
public sealed record CallbackRoute(string Prefix, Type Payload, Func<CallbackFields, CallbackPayload?> Parse, Type Handler);

/// <summary>How a feature plugs into the conversation core without the core knowing it.</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddCommand<THandler>(this IServiceCollection services, string name, LocalizedText description,
        Role role = Role.Everyone, int order = 100)
        where THandler : class, ICommandHandler
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton(new CommandInfo(name, typeof(THandler), description, role, order));
        return services;
    }

    public static IServiceCollection AddCallback<TPayload, THandler>(this IServiceCollection services)
        where TPayload : CallbackPayload, ICallbackPayload<TPayload>
        where THandler : class, ICallbackHandler
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton(new CallbackRoute(TPayload.Prefix, typeof(TPayload), f => TPayload.Parse(f), typeof(THandler)));
        return services;
    }

    public static IServiceCollection AddTextHandler<THandler>(this IServiceCollection services) where THandler : class, ITextHandler
    {
        services.AddScoped<ITextHandler, THandler>();
        return services;
    }
}

/// <summary>The commands and button kinds the features registered, read by the router, /help and the command menu.</summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandInfo> byName;
    private readonly Dictionary<string, CallbackRoute[]> byPrefix;

    public CommandTable(IEnumerable<CommandInfo> commands, IEnumerable<CallbackRoute> callbacks)
    {
        Commands = commands.Select((c, i) => (c, i)).OrderBy(x => x.c.Order).ThenBy(x => x.i).Select(x => x.c).ToList();
        byName = new Dictionary<string, CommandInfo>();
        foreach (var command in Commands)
        {
            if (!byName.TryAdd(command.Name, command)) throw new InvalidOperationException($"Two features register the command /{command.Name}");
        }
        var routes = callbacks.ToList();
        foreach (var twice in routes.GroupBy(r => r.Payload).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"The button kind {twice.Key.Name} is registered twice");
        }
        byPrefix = routes.GroupBy(r => r.Prefix).ToDictionary(g => g.Key, g => g.ToArray());
    }

    public IReadOnlyList<CommandInfo> Commands { get; }

    public CommandInfo? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The payload and its handler, or null for anything a registered kind did not write.</summary>
    public (CallbackPayload Payload, Type Handler)? Decode(string? data)
    {
        if (string.IsNullOrEmpty(data) || Encoding.UTF8.GetByteCount(data) > CallbackCodec.MaxBytes) return null;
        var parts = data.Split(':');
        if (!byPrefix.TryGetValue(parts[0], out var routes)) return null;
        var fields = new CallbackFields(parts);
        foreach (var route in routes)
        {
            if (route.Parse(fields) is { } payload) return (payload, route.Handler);
        }
        return null;
    }
}
