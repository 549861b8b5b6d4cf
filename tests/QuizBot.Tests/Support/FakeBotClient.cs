using System.Collections.Concurrent;
using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Tests.Support;

/// <summary>
/// A Bot API peer in memory behind Telegram.Bot's own client interface: hands out queued updates to getUpdates
/// (honouring the offset like Telegram: an update below the offset is confirmed and gone, and an empty call is held
/// open until an update arrives or its timeout passes) and records every call the service makes.
/// </summary>
public class FakeBotClient : ITelegramBotClient
{
    private readonly List<Update> pending = [];
    private readonly SemaphoreSlim arrived = new(0);
    private int nextMessageId = 1000;

    public ConcurrentQueue<IRequest> Calls { get; } = new();

    public ConcurrentQueue<int?> Offsets { get; } = new();

    public void Enqueue(params Update[] updates)
    {
        lock (pending) pending.AddRange(updates);
        arrived.Release();
    }

    public IEnumerable<SendMessageRequest> Sent => Calls.OfType<SendMessageRequest>();

    /// <summary>What the chat shows: message id → text and buttons, after sends and edits, newest change last.</summary>
    public List<(int MessageId, string Text, InlineKeyboardMarkup? Buttons)> Screen { get; } = [];

    /// <summary>The first button of the newest message that has buttons; null when none shows any.</summary>
    public (int MessageId, InlineKeyboardButton Button)? FirstButtonOfLatestKeyboard()
    {
        lock (Screen)
        {
            var shown = Screen.LastOrDefault(m => m.Buttons is { InlineKeyboard: var rows } && rows.Any());
            return shown.Buttons is null ? null : (shown.MessageId, shown.Buttons.InlineKeyboard.First().First());
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

    /// <summary>Runs before each call is answered: a subclass may hold it or throw what Telegram would.</summary>
    protected virtual Task BeforeAnswerAsync(IRequest request, CancellationToken ct) => Task.CompletedTask;

    public async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(request);
        await BeforeAnswerAsync(request, cancellationToken);
        object result = request switch
        {
            GetMeRequest => new User { Id = 1, IsBot = true, FirstName = "QuizBot", Username = "quizbot_test_bot" },
            GetUpdatesRequest get => await UpdatesAsync(get, cancellationToken),
            SendMessageRequest send => Record(send),
            EditMessageTextRequest edit => Edited(edit),
            SendDocumentRequest document => new Message
            {
                Id = Interlocked.Increment(ref nextMessageId), Date = DateTime.UtcNow,
                Chat = new Chat { Id = document.ChatId!.Identifier!.Value, Type = ChatType.Private }, Caption = document.Caption,
            },
            SendPhotoRequest photo => new Message
            {
                Id = Interlocked.Increment(ref nextMessageId), Date = DateTime.UtcNow,
                Chat = new Chat { Id = photo.ChatId!.Identifier!.Value, Type = ChatType.Private }, Caption = photo.Caption,
            },
            _ => true,
        };
        return (TResponse)result;
    }

    protected virtual Message Record(SendMessageRequest send)
    {
        var id = Interlocked.Increment(ref nextMessageId);
        Show(id, send.Text, send.ReplyMarkup as InlineKeyboardMarkup);
        return new Message { Id = id, Date = DateTime.UtcNow, Chat = new Chat { Id = send.ChatId!.Identifier!.Value, Type = ChatType.Private }, Text = send.Text };
    }

    private Message Edited(EditMessageTextRequest edit)
    {
        Show(edit.MessageId, edit.Text!, edit.ReplyMarkup);
        return new Message { Id = edit.MessageId, Date = DateTime.UtcNow, Chat = new Chat { Id = edit.ChatId!.Identifier!.Value, Type = ChatType.Private }, Text = edit.Text };
    }

    private async Task<Update[]> UpdatesAsync(GetUpdatesRequest get, CancellationToken ct)
    {
        Offsets.Enqueue(get.Offset);
        var until = DateTime.UtcNow.AddSeconds(get.Timeout ?? 0);
        while (true)
        {
            lock (pending)
            {
                pending.RemoveAll(u => get.Offset is not null && u.Id < get.Offset);
                if (pending.Count > 0 || DateTime.UtcNow >= until) return [.. pending.Take(100)];
            }
            var left = until - DateTime.UtcNow;
            if (left > TimeSpan.Zero) await arrived.WaitAsync(left, ct);
        }
    }

    public static Update Text(int updateId, long userId, string text) => new()
    {
        Id = updateId,
        Message = new Message
        {
            Id = updateId,
            Date = new DateTime(2026, 11, 2, 3, 0, 0, DateTimeKind.Utc),
            From = new User { Id = userId, FirstName = "Lê", LastName = "Văn Cường" },
            Chat = new Chat { Id = userId, Type = ChatType.Private },
            Text = text,
        },
    };

    public static Update Press(int updateId, long userId, int messageId, string data) => new()
    {
        Id = updateId,
        CallbackQuery = new CallbackQuery
        {
            Id = $"cb{updateId}",
            From = new User { Id = userId, FirstName = "Lê" },
            Message = new Message { Id = messageId, Chat = new Chat { Id = userId, Type = ChatType.Private } },
            ChatInstance = $"ci{userId}",
            Data = data,
        },
    };

    // The rest of Telegram.Bot's client interface: not used by the service.
    public bool LocalBotServer => true;

    public long BotId => 1;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public IExceptionParser ExceptionsParser { get; set; } = new DefaultExceptionParser();

    public event AsyncEventHandler<ApiRequestEventArgs>? OnMakingApiRequest { add { } remove { } }

    public event AsyncEventHandler<ApiResponseEventArgs>? OnApiResponseReceived { add { } remove { } }

    public Task<bool> TestApi(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DownloadFile(TGFile file, Stream destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
