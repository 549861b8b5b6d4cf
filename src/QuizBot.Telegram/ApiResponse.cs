using System.Text.Json;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram;

/// <summary>The Bot API envelope. <see cref="Ok"/> is nullable so that a foreign JSON body can be told apart.</summary>
internal sealed class ApiResponse
{
    public bool? Ok { get; init; }

    public JsonElement? Result { get; init; }

    public int? ErrorCode { get; init; }

    public string? Description { get; init; }

    public ResponseParameters? Parameters { get; init; }
}
