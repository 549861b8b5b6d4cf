using System.Text.Json;
using System.Text.Json.Nodes;
using QuizBot.Telegram.Types;

namespace QuizBot.Telegram.Tests;

public class SerializationTests
{
    private static readonly DateTime November14 = new(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc);

    private static Message ReadMessage(string json) =>
        JsonSerializer.Deserialize<Message>(json, TelegramJson.Options)!;

    [Fact]
    public void Date_InUnixSeconds_ReadsAsUtc()
    {
        var message = ReadMessage("""{"message_id":1,"chat":{"id":1,"type":"private"},"date":1700000000}""");

        Assert.Equal(November14, message.Date);
        Assert.Equal(DateTimeKind.Utc, message.Date.Kind);
    }

    [Fact]
    public void Date_InMilliseconds_AsTheEmulatorSends_ReadsAsTheSameInstant()
    {
        var message = ReadMessage("""{"message_id":1,"chat":{"id":1,"type":"private"},"date":1700000000123}""");

        Assert.Equal(November14.AddMilliseconds(123), message.Date);
    }

    [Theory]
    [InlineData(100_000_000_000, 5138)]
    [InlineData(100_000_000_001, 1973)]
    public void Date_AboveOneHundredBillion_IsTakenAsMilliseconds(long unixTime, int expectedYear)
    {
        var message = ReadMessage($$"""{"message_id":1,"chat":{"id":1,"type":"private"},"date":{{unixTime}}}""");

        Assert.Equal(expectedYear, message.Date.Year);
    }

    [Fact]
    public void Date_IsWrittenAsUnixSeconds()
    {
        var message = new Message { MessageId = 1, Chat = new Chat { Id = 1, Type = ChatType.Group }, Date = November14 };

        var json = JsonNode.Parse(JsonSerializer.Serialize(message, TelegramJson.Options))!;

        Assert.Equal(1700000000, json["date"]!.GetValue<long>());
        Assert.Equal("group", json["chat"]!["type"]!.GetValue<string>());
        Assert.Null(json["text"]);
    }

    [Theory]
    [InlineData("private", ChatType.Private)]
    [InlineData("supergroup", ChatType.Supergroup)]
    [InlineData("channel", ChatType.Channel)]
    [InlineData("forum_of_the_future", ChatType.Unknown)]
    public void ChatType_ReadsKnownValuesAndMapsUnknownOnesToUnknown(string wire, ChatType expected)
    {
        var chat = JsonSerializer.Deserialize<Chat>($$"""{"id":-100123,"type":"{{wire}}"}""", TelegramJson.Options)!;

        Assert.Equal(expected, chat.Type);
    }

    [Fact]
    public void UpdateType_UnknownValue_ReadsAsUnknown()
    {
        var types = JsonSerializer.Deserialize<UpdateType[]>("""["message","business_message","poll_answer"]""", TelegramJson.Options);

        Assert.Equal([UpdateType.Message, UpdateType.Unknown, UpdateType.PollAnswer], types);
    }

    [Fact]
    public void Update_OfAnUnmodelledKind_DeserialisesWithUnknownType()
    {
        var update = JsonSerializer.Deserialize<Update>(
            """{"update_id":9,"message_reaction":{"chat":{"id":1,"type":"private"},"new_reaction":[]}}""",
            TelegramJson.Options)!;

        Assert.Equal(9, update.UpdateId);
        Assert.Equal(UpdateType.Unknown, update.Type);
    }

    [Fact]
    public void WebhookBody_FromTelegram_DeserialisesWithOptions()
    {
        var update = JsonSerializer.Deserialize<Update>(
            """
            {"update_id":812345678,
             "callback_query":{"id":"4382bfdwdsb323b2d9","chat_instance":"-8211512399381234567",
               "from":{"id":123456789012,"is_bot":false,"first_name":"Lan","last_name":"Trần","language_code":"vi"},
               "message":{"message_id":77,"date":1700000000,"chat":{"id":-1001987654321,"title":"Lớp 10A","type":"supergroup"},
                 "text":"Câu 1","reply_markup":{"inline_keyboard":[[{"text":"4","callback_data":"a:1:0"}]]}},
               "data":"a:1:0"}}
            """,
            TelegramJson.Options)!;

        Assert.Equal(UpdateType.CallbackQuery, update.Type);
        var query = update.CallbackQuery!;
        Assert.Equal("4382bfdwdsb323b2d9", query.Id);
        Assert.Equal("-8211512399381234567", query.ChatInstance);
        Assert.Equal(123456789012, query.From.Id);
        Assert.Equal("vi", query.From.LanguageCode);
        Assert.Equal(-1001987654321, query.Message!.Chat.Id);
        Assert.Equal(ChatType.Supergroup, query.Message.Chat.Type);
        Assert.Equal("a:1:0", query.Data);
    }

    [Fact]
    public async Task EmulatorUpdates_DeserialiseIncludingMillisecondDatesAndBareCallbackMessages()
    {
        var client = TestClient.Create(FakeHttpHandler.Answering(Recorded.EmulatorUpdates));

        var updates = await client.GetUpdates(offset: 1);

        Assert.Equal(2, updates.Length);

        var command = updates[0];
        Assert.Equal(UpdateType.Message, command.Type);
        Assert.Equal("/start", command.Message!.Text);
        Assert.Equal(November14, command.Message.Date);
        Assert.False(command.Message.From!.IsBot);
        var entity = Assert.Single(command.Message.Entities!);
        Assert.Equal(("bot_command", 0, 6), (entity.Type, entity.Offset, entity.Length));

        var callback = updates[1];
        Assert.Equal(UpdateType.CallbackQuery, callback.Type);
        Assert.Equal("1", callback.CallbackQuery!.Id);
        Assert.Equal("a:1:0", callback.CallbackQuery.Data);
        Assert.Equal(5, callback.CallbackQuery.Message!.MessageId);
        Assert.Equal(1, callback.CallbackQuery.Message.Chat.Id);
        Assert.Equal(default, callback.CallbackQuery.Message.Date);
    }

    [Fact]
    public void Options_AreReadOnly()
    {
        Assert.True(TelegramJson.Options.IsReadOnly);
    }
}
