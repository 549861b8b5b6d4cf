using System.Collections.Concurrent;
using QuizBot.Telegram;
using QuizBot.Telegram.Requests;
using QuizBot.Telegram.Types;

namespace QuizBot.Tests.Support;

/// <summary>
/// A Bot API peer in memory: hands out queued updates to getUpdates (honouring the offset like Telegram: an
/// update below the offset is confirmed and gone) and records every call the service makes.
/// </summary>
public sealed class FakeBotClient : ITelegramBotClient
{
    private readonly List<Update> pending = [];
    private int nextMessageId = 1000;

    public ConcurrentQueue<object> Calls { get; } = new();

    public ConcurrentQueue<int?> Offsets { get; } = new();

    public void Enqueue(params Update[] updates)
    {
        lock (pending) pending.AddRange(updates);
    }

    public IEnumerable<SendMessageRequest> Sent => Calls.OfType<SendMessageRequest>();

    /// <summary>What the chat shows: message id → text and buttons, after sends and edits, newest change last.</summary>
    public List<(int MessageId, string Text, InlineKeyboardMarkup? Buttons)> Screen { get; } = [];

    /// <summary>The first button of the newest message that has buttons; null when none shows any.</summary>
    public (int MessageId, InlineKeyboardButton Button)? FirstButtonOfLatestKeyboard()
    {
        lock (Screen)
        {
            var shown = Screen.LastOrDefault(m => m.Buttons is { InlineKeyboard.Length: > 0 });
            return shown.Buttons is null ? null : (shown.MessageId, shown.Buttons.InlineKeyboard[0][0]);
        }
    }

    private void Show(int messageId, string text, InlineKeyboardMarkup? buttons)
    {
        lock (Screen)
        {
            Screen.RemoveAll(m => m.MessageId == messageId);
            Screen.Add((messageId, text, buttons));
        }
    }

    public Task<TResult> SendRequest<TResult>(IRequest<TResult> request, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(request);
        object? result = request switch
        {
            GetMeRequest => new User { Id = 1, IsBot = true, FirstName = "QuizBot", Username = "quizbot_test_bot" },
            GetUpdatesRequest get => Updates(get.Offset),
            SendMessageRequest send => Record(send),
            EditMessageTextRequest edit => Edited(edit),
            _ => true,
        };
        return Task.FromResult((TResult)result!);
    }

    private Message Record(SendMessageRequest send)
    {
        var id = Interlocked.Increment(ref nextMessageId);
        Show(id, send.Text, send.ReplyMarkup);
        return new Message { MessageId = id, Chat = new Chat { Id = send.ChatId, Type = ChatType.Private }, Text = send.Text };
    }

    private Message? Edited(EditMessageTextRequest edit)
    {
        Show(edit.MessageId, edit.Text, edit.ReplyMarkup);
        return null;
    }

    private Update[] Updates(int? offset)
    {
        Offsets.Enqueue(offset);
        lock (pending)
        {
            pending.RemoveAll(u => offset is not null && u.UpdateId < offset);
            return [.. pending.Take(100)];
        }
    }

    public static Update Text(int updateId, long userId, string text) => new()
    {
        UpdateId = updateId,
        Message = new Message
        {
            MessageId = updateId,
            From = new User { Id = userId, FirstName = "Lê", LastName = "Văn Cường" },
            Chat = new Chat { Id = userId, Type = ChatType.Private },
            Text = text,
        },
    };

    public static Update Press(int updateId, long userId, int messageId, string data) => new()
    {
        UpdateId = updateId,
        CallbackQuery = new CallbackQuery
        {
            Id = $"cb{updateId}",
            From = new User { Id = userId, FirstName = "Lê" },
            Message = new Message { MessageId = messageId, Chat = new Chat { Id = userId, Type = ChatType.Private } },
            Data = data,
        },
    };
}
