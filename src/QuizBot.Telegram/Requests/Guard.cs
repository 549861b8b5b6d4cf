using QuizBot.Telegram.Types;

namespace QuizBot.Telegram.Requests;

/// <summary>
/// Bot API limits checked while a request is built, so a mistake fails at the call site rather than as a 400
/// later (the emulator checks none of them).
/// </summary>
internal static class Guard
{
    internal const int MaxMessageTextLength = 4096;
    internal const int MaxCallbackAnswerLength = 200;
    internal const int MaxCommands = 100;
    internal const int MaxCommandLength = 32;
    internal const int MaxCommandDescriptionLength = 256;
    internal const int MaxSecretTokenLength = 256;

    // Counted before entity parsing, so HTML tags count too: a little strict, never too lax.
    internal static string MessageText(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Length is 0 or > MaxMessageTextLength)
        {
            throw new ArgumentException(
                $"Message text must be 1-{MaxMessageTextLength} characters; it has {value.Length}.", paramName);
        }

        return value;
    }

    internal static string? CallbackAnswerText(string? value, string paramName)
    {
        if (value is { Length: > MaxCallbackAnswerLength })
        {
            throw new ArgumentException(
                $"A callback answer must be at most {MaxCallbackAnswerLength} characters; it has {value.Length}.",
                paramName);
        }

        return value;
    }

    internal static int? InRange(int? value, int min, int max, string paramName)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw new ArgumentOutOfRangeException(paramName, v, $"Must be {min}-{max}.");
        }

        return value;
    }

    internal static BotCommand[] Commands(IEnumerable<BotCommand> value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        var commands = value.ToArray();
        if (commands.Length > MaxCommands)
        {
            throw new ArgumentException($"At most {MaxCommands} commands; got {commands.Length}.", paramName);
        }

        foreach (var command in commands)
        {
            if (command?.Command is not { Length: > 0 and <= MaxCommandLength } name
                || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                throw new ArgumentException(
                    $"Command '{command?.Command}' must be 1-{MaxCommandLength} characters of a-z, 0-9 and _.", paramName);
            }

            if (command.Description is not { Length: > 0 and <= MaxCommandDescriptionLength })
            {
                throw new ArgumentException(
                    $"The description of /{name} must be 1-{MaxCommandDescriptionLength} characters.", paramName);
            }
        }

        return commands;
    }

    // The value is a secret: say what is wrong with it, never what it is.
    internal static string? SecretToken(string? value, string paramName)
    {
        if (value is not null
            && (value.Length is 0 or > MaxSecretTokenLength
                || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new ArgumentException(
                $"The secret token must be 1-{MaxSecretTokenLength} characters of A-Z, a-z, 0-9, _ and -.", paramName);
        }

        return value;
    }
}
