using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace QuizBot.EndToEnd.Support;

/// <summary>
/// The user side of telegram-test-api: a person typing and pressing buttons, and what the bot sent back.
/// The emulator answers at once and the bot polls it, so every check of the bot's reaction is a wait.
/// </summary>
internal sealed class EmulatorClient : IDisposable
{
    /// <summary>How long a wait lasts unless told otherwise: a step's reply on one instance comes well within it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly TimeSpan patience;
    private readonly HttpClient http;
    private readonly string botToken;
    private readonly Func<string> diagnostics;
    private readonly Dictionary<string, BotMessage> seen = [];

    /// <param name="diagnostics">More to show when a wait fails, such as the service's log.</param>
    /// <param name="patience">How long a wait lasts unless told otherwise (<see cref="DefaultTimeout"/>).</param>
    public EmulatorClient(Uri baseUrl, string botToken, Func<string> diagnostics, TimeSpan? patience = null)
    {
        this.patience = patience ?? DefaultTimeout;
        http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        this.botToken = botToken;
        this.diagnostics = diagnostics;
    }

    /// <summary>Every version of every bot message this client has looked at, edits included.</summary>
    public IReadOnlyCollection<BotMessage> SeenBotMessages
    {
        get
        {
            lock (seen) return seen.Values.ToList();
        }
    }

    /// <summary>A command: the emulator insists on the bot_command entity Telegram would attach.</summary>
    public Task SendCommandAsync(TelegramUser user, string text)
    {
        if (!text.StartsWith('/')) throw new ArgumentException("a command starts with '/'", nameof(text));
        var end = text.IndexOf(' ', StringComparison.Ordinal);
        var message = UserMessage(user, text);
        message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = end < 0 ? text.Length : end, ["type"] = "bot_command" });
        return PostAsync("sendCommand", message);
    }

    public Task SendMessageAsync(TelegramUser user, string text) => PostAsync("sendMessage", UserMessage(user, text));

    /// <summary>A message from <paramref name="user"/> in a group chat (telegram-test-api takes any chat).</summary>
    public Task SendGroupMessageAsync(TelegramUser user, TelegramGroup group, string text) =>
        PostAsync("sendMessage", UserMessage(user, text, GroupChat(group)));

    /// <summary>A command in a group chat, such as "/start@TestNameBot".</summary>
    public Task SendGroupCommandAsync(TelegramUser user, TelegramGroup group, string text)
    {
        if (!text.StartsWith('/')) throw new ArgumentException("a command starts with '/'", nameof(text));
        var end = text.IndexOf(' ', StringComparison.Ordinal);
        var message = UserMessage(user, text, GroupChat(group));
        message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = end < 0 ? text.Length : end, ["type"] = "bot_command" });
        return PostAsync("sendCommand", message);
    }

    /// <summary>Presses a button (or sends any callback data at all) on one of the bot's messages.</summary>
    /// <returns>The callback query id the bot will see.</returns>
    public Task<string> SendCallbackAsync(TelegramUser user, int messageId, string data) =>
        SendCallbackAsync(user, Chat(user), messageId, data);

    /// <summary>Presses a button on one of the bot's messages in a group chat.</summary>
    /// <returns>The callback query id the bot will see.</returns>
    public Task<string> SendGroupCallbackAsync(TelegramUser user, TelegramGroup group, int messageId, string data) =>
        SendCallbackAsync(user, GroupChat(group), messageId, data);

    /// <summary>
    /// Many members pressing at once (POST /groupPresses): each press is a callback query of its own, queued in
    /// the order given, for polling and webhook mode alike.
    /// </summary>
    /// <returns>The callback query ids the bot will see, in the order of <paramref name="presses"/>.</returns>
    public async Task<IReadOnlyList<string>> SendGroupPressesAsync(IReadOnlyList<GroupPress> presses)
    {
        var ids = new List<string>(presses.Count);
        // In webhook mode each press waits for the bot's answer: batches keep every call well inside the timeout.
        foreach (var batch in presses.Chunk(100))
        {
            var body = new JsonObject
            {
                ["token"] = botToken,
                ["presses"] = new JsonArray(batch.Select(p =>
                {
                    var press = new JsonObject
                    {
                        ["chat_id"] = p.Group.Id,
                        ["title"] = p.Group.Title,
                        ["user_id"] = p.User.Id,
                        ["first_name"] = p.User.FirstName,
                        ["message_id"] = p.MessageId,
                        ["data"] = p.Data,
                    };
                    if (p.User.LastName is { } last) press["last_name"] = last;
                    return (JsonNode)press;
                }).ToArray()),
            };
            using var response = await http.PostAsJsonAsync("groupPresses", body);
            var result = await ReadResultAsync(response, "groupPresses");
            ids.AddRange(result.AsArray().Select(r => Scalar(r?["callback_query_id"])));
        }
        return ids;
    }

    /// <summary>Declares a user's status (and rights) in a chat, for the bot's getChatMember and getChatAdministrators.</summary>
    /// <remarks>A user nobody declared is a member of their private chat and of a group they posted or pressed in, else "left".</remarks>
    public async Task SetChatMemberAsync(ChatMemberSetting member)
    {
        var body = new JsonObject
        {
            ["chat_id"] = member.ChatId,
            ["user_id"] = member.User.Id,
            ["first_name"] = member.User.FirstName,
            ["status"] = member.Status.ToString().ToLowerInvariant(),
        };
        if (member.User.LastName is { } last) body["last_name"] = last;
        if (member.CustomTitle is { } title) body["custom_title"] = title;
        foreach (var (right, granted) in member.Rights ?? new Dictionary<string, bool>())
        {
            if (!right.StartsWith("can_", StringComparison.Ordinal)) throw new ArgumentException($"'{right}' is no can_… right", nameof(member));
            body[right] = granted;
        }
        await PostAsync("chatMembers", body);
    }

    /// <summary>The files the bot sent (to one chat, or to all), oldest first, as emulator/server.js recorded them.</summary>
    public async Task<IReadOnlyList<SentFile>> GetFilesAsync(long? chatId = null)
    {
        var query = new JsonObject { ["token"] = botToken };
        if (chatId is { } id) query["chat_id"] = id;
        using var response = await http.PostAsJsonAsync("files", query);
        var body = await ReadResultAsync(response, "files");
        return body.AsArray()
            .Select(f => new SentFile(
                long.Parse(Scalar(f?["chat_id"]), CultureInfo.InvariantCulture),
                f?["method"]?.GetValue<string>() ?? "",
                f?["file_id"]?.GetValue<string>() ?? "",
                f?["file_unique_id"]?.GetValue<string>() ?? "",
                f?["file_name"]?.GetValue<string>(),
                f?["mime_type"]?.GetValue<string>() ?? "",
                f?["caption"]?.GetValue<string>(),
                Convert.FromBase64String(f?["bytes_base64"]?.GetValue<string>() ?? ""),
                int.Parse(Scalar(f?["message_id"]), CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(Scalar(f?["date"]), CultureInfo.InvariantCulture))))
            .ToList();
    }

    /// <summary>Polls until the bot has sent a file to the chat that matches.</summary>
    public async Task<SentFile> WaitForFileAsync(long chatId, string what, Func<SentFile, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? patience;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var files = await GetFilesAsync(chatId);
            if (files.FirstOrDefault(match) is { } file) return file;
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}, in vain. The bot's files to chat {chatId}:\n" +
                    (files.Count == 0 ? "  (none)" : string.Join('\n', files.Select(f => $"  #{f.MessageId} {f.Method} {f.FileName} ({f.Bytes.Length} bytes)"))) +
                    "\n" + diagnostics());
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The bot's Bot API calls (all but getUpdates, or one method's), oldest first.</summary>
    /// <param name="method">A method name, matched regardless of case; null for every call.</param>
    public async Task<IReadOnlyList<BotCall>> GetBotCallsAsync(string? method = null)
    {
        var query = new JsonObject { ["token"] = botToken };
        if (method is not null) query["method"] = method;
        using var response = await http.PostAsJsonAsync("calls", query);
        var body = await ReadResultAsync(response, "calls");
        return body.AsArray()
            .Select(c => new BotCall(
                c?["method"]?.GetValue<string>() ?? "",
                c?["params"]?.DeepClone().AsObject() ?? [],
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Scalar(c?["time"]), CultureInfo.InvariantCulture))))
            .ToList();
    }

    private async Task<string> SendCallbackAsync(TelegramUser user, JsonObject chat, int messageId, string data)
    {
        await PostAsync("sendCallback", new JsonObject
        {
            ["botToken"] = botToken,
            ["from"] = From(user),
            ["message"] = new JsonObject { ["message_id"] = messageId, ["chat"] = chat },
            ["data"] = data,
        });
        // server.js records each press with the id the emulator gave it (in polling and webhook mode alike).
        using var response = await http.PostAsJsonAsync("presses", new JsonObject { ["token"] = botToken });
        var presses = (await ReadResultAsync(response, "presses")).AsArray();
        var press = presses.LastOrDefault(p => Scalar(p?["fromId"]) == user.Id.ToString(CultureInfo.InvariantCulture)
            && p?["data"]?.GetValue<string>() == data && Scalar(p?["messageId"]) == messageId.ToString(CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException($"The emulator recorded no press of '{data}' on message {messageId}");
        return Scalar(press["callbackId"]);
    }

    public Task<string> PressAsync(TelegramUser user, BotMessage message, InlineButton button) =>
        SendCallbackAsync(user, message.MessageId, button.CallbackData);

    /// <summary>
    /// getUpdatesHistory: the bot's messages (in their latest version); and the user's presses, oldest first, as
    /// emulator/server.js recorded them (getUpdatesHistory has them in polling mode only).
    /// </summary>
    public async Task<EmulatorHistory> GetHistoryAsync()
    {
        using var response = await http.PostAsJsonAsync("getUpdatesHistory", new JsonObject { ["token"] = botToken });
        var body = await ReadResultAsync(response, "getUpdatesHistory");
        var messages = new List<BotMessage>();
        foreach (var entry in body.AsArray())
        {
            if (entry?["message"] is JsonObject message && message["chat_id"] is { } chatId)
            {
                messages.Add(new BotMessage(
                    int.Parse(Scalar(entry["messageId"]), CultureInfo.InvariantCulture),
                    long.Parse(Scalar(chatId), CultureInfo.InvariantCulture),
                    // A document or a photo shows with its caption.
                    (message["text"] ?? message["caption"])?.GetValue<string>() ?? "",
                    Keyboard(message["reply_markup"])));
            }
        }
        using var recorded = await http.PostAsJsonAsync("presses", new JsonObject { ["token"] = botToken });
        var callbacks = (await ReadResultAsync(recorded, "presses")).AsArray()
            .Select(p => new UserCallback(
                Scalar(p?["callbackId"]),
                long.Parse(Scalar(p?["fromId"]), CultureInfo.InvariantCulture),
                int.Parse(Scalar(p?["messageId"]), CultureInfo.InvariantCulture),
                p?["data"]?.GetValue<string>() ?? ""))
            .ToList();
        lock (seen)
        {
            foreach (var message in messages) seen.TryAdd(message.MessageId + "\u0000" + message.Fingerprint, message);
        }
        return new EmulatorHistory(messages, callbacks);
    }

    public async Task<IReadOnlyList<CallbackAnswer>> GetCallbackAnswersAsync()
    {
        using var response = await http.PostAsJsonAsync("callbackAnswers", new JsonObject { ["token"] = botToken });
        var body = await ReadResultAsync(response, "callbackAnswers");
        return body.AsArray()
            .Select(a => new CallbackAnswer(Scalar(a?["callback_query_id"]), a?["text"]?.GetValue<string>()))
            .ToList();
    }

    /// <summary>Polls until <paramref name="probe"/> finds something in the bot's messages to the chat.</summary>
    /// <param name="what">What is awaited, in words, for the failure message.</param>
    public async Task<T> WaitForAsync<T>(long chatId, string what, Func<IReadOnlyList<BotMessage>, T?> probe, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? patience;
        var watch = Stopwatch.StartNew();
        IReadOnlyList<BotMessage> messages;
        while (true)
        {
            messages = (await GetHistoryAsync()).To(chatId);
            if (probe(messages) is { } found) return found;
            if (watch.Elapsed > limit) break;
            await Task.Delay(100);
        }
        throw new TimeoutException(
            $"Waited {limit.TotalSeconds:0} s for {what}, in vain. The bot's messages to chat {chatId}, oldest first:\n" +
            (messages.Count == 0 ? "  (none)" : string.Join('\n', messages.Select(m => "  " + m.Describe()))) +
            "\n" + diagnostics());
    }

    /// <summary>Polls the bot's messages to every chat until <paramref name="missing"/> says nothing is missing any more.</summary>
    /// <param name="missing">What is still missing, in words, or null when all is there.</param>
    public async Task<EmulatorHistory> WaitForHistoryAsync(string what, Func<EmulatorHistory, string?> missing, TimeSpan? timeout = null)
    {
        var limit = timeout ?? patience;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var history = await GetHistoryAsync();
            var left = missing(history);
            if (left is null) return history;
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}, in vain: {left}\n{diagnostics()}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The bot's setMyCommands calls, oldest first, as emulator/server.js recorded them.</summary>
    public async Task<IReadOnlyList<MenuCall>> GetMyCommandsAsync()
    {
        using var response = await http.PostAsJsonAsync("myCommands", new JsonObject { ["token"] = botToken });
        var body = await ReadResultAsync(response, "myCommands");
        return body.AsArray()
            .Select(c => new MenuCall(
                c?["scope"]?["type"]?.GetValue<string>() ?? "default",
                c?["language_code"]?.GetValue<string>() ?? "",
                (c?["commands"]?.AsArray() ?? []).Select(x => x?["command"]?.GetValue<string>() ?? "").ToList()))
            .ToList();
    }

    /// <summary>The first message to the chat newer than <paramref name="afterMessageId"/> that matches.</summary>
    public Task<BotMessage> WaitForMessageAsync(long chatId, string what, Func<BotMessage, bool> match, int afterMessageId = 0) =>
        WaitForAsync(chatId, what, messages => messages.FirstOrDefault(m => m.MessageId > afterMessageId && match(m)));

    /// <summary>Message <paramref name="messageId"/> once its current version matches (the bot edits in place).</summary>
    public Task<BotMessage> WaitForEditAsync(long chatId, int messageId, string what, Func<BotMessage, bool> match) =>
        WaitForAsync(chatId, $"message #{messageId} to become {what}", messages => messages.FirstOrDefault(m => m.MessageId == messageId && match(m)));

    /// <summary>The bot's answer to one button press (the emulator keeps the toast only through server.js).</summary>
    public async Task<CallbackAnswer> WaitForCallbackAnswerAsync(string callbackQueryId, TimeSpan? timeout = null)
    {
        var limit = timeout ?? patience;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var answers = await GetCallbackAnswersAsync();
            if (answers.FirstOrDefault(a => a.CallbackQueryId == callbackQueryId) is { } answer) return answer;
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"The bot did not answer callback query {callbackQueryId} within {limit.TotalSeconds:0} s " +
                    $"(it answered: {string.Join(", ", answers.Select(a => $"{a.CallbackQueryId}='{a.Text}'"))}).\n{diagnostics()}");
            }
            await Task.Delay(100);
        }
    }

    private JsonObject UserMessage(TelegramUser user, string text, JsonObject? chat = null) => new()
    {
        ["botToken"] = botToken,
        ["from"] = From(user),
        ["chat"] = chat ?? Chat(user),
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["text"] = text,
    };

    private static JsonObject From(TelegramUser user)
    {
        var from = new JsonObject { ["id"] = user.Id, ["is_bot"] = false, ["first_name"] = user.FirstName };
        if (user.LastName is { } last) from["last_name"] = last;
        return from;
    }

    private static JsonObject Chat(TelegramUser user) => new() { ["id"] = user.ChatId, ["type"] = "private", ["first_name"] = user.FirstName };

    private static JsonObject GroupChat(TelegramGroup group) => new() { ["id"] = group.Id, ["type"] = group.Type, ["title"] = group.Title };

    private async Task PostAsync(string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        await ReadResultAsync(response, path);
    }

    private static async Task<JsonNode> ReadResultAsync(HttpResponseMessage response, string path)
    {
        var text = await response.Content.ReadAsStringAsync();
        var json = response.IsSuccessStatusCode ? JsonNode.Parse(text) : null;
        if (json?["ok"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"The emulator refused {path}: HTTP {(int)response.StatusCode} {text}");
        }
        return json["result"] ?? new JsonArray();
    }

    private static IReadOnlyList<IReadOnlyList<InlineButton>> Keyboard(JsonNode? markup)
    {
        // The emulator keeps reply_markup as sent: an object, or a JSON string of one.
        if (markup is JsonValue value && value.TryGetValue<string>(out var json)) markup = JsonNode.Parse(json);
        if (markup?["inline_keyboard"] is not JsonArray rows) return [];
        return rows.Select(row => (IReadOnlyList<InlineButton>)(row?.AsArray() ?? [])
            .Select(b => new InlineButton(b?["text"]?.GetValue<string>() ?? "", b?["callback_data"]?.GetValue<string>() ?? ""))
            .ToList()).ToList();
    }

    /// <summary>A number or a string, as text: the emulator is not consistent about which.</summary>
    private static string Scalar(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => throw new InvalidOperationException("the emulator left out a field the tests rely on"),
    };

    public void Dispose() => http.Dispose();
}
