using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Tests.Conversation;

public sealed class RoutingTests
{
    [Theory]
    [InlineData("/start", "start", "")]
    [InlineData("/practice charter 5", "practice", "charter 5")]
    [InlineData("/Practice@QuizBot  5 ", "practice", "5")]
    [InlineData("/start r_ABC", "start", "r_ABC")]
    public void Commands_split_into_name_and_arguments(string text, string name, string arguments)
    {
        Assert.Equal((name, arguments), UpdateRouter.SplitCommand(text));
    }

    [Fact]
    public void A_telegram_message_becomes_a_neutral_update()
    {
        var update = new Update
        {
            Id = 5,
            Message = new Message
            {
                Id = 9,
                From = new User { Id = 77, FirstName = "An", LastName = "Nguyễn" },
                Chat = new Chat { Id = 77, Type = ChatType.Private },
                Text = "/start",
            },
        };

        var incoming = UpdateMapper.ToIncoming(update);

        Assert.Equal(new IncomingUpdate(new ChatRef(Transport.Telegram, 77, true), new Sender(77, "An Nguyễn"), "/start"), incoming);
    }

    [Fact]
    public void A_button_press_keeps_its_message_and_chat()
    {
        var update = new Update
        {
            Id = 6,
            CallbackQuery = new CallbackQuery
            {
                Id = "cb1",
                From = new User { Id = 77, FirstName = "An" },
                Message = new Message { Id = 12, Chat = new Chat { Id = -100, Type = ChatType.Supergroup } },
                Data = "u:3",
            },
        };

        var incoming = UpdateMapper.ToIncoming(update)!;

        Assert.Equal(new ChatRef(Transport.Telegram, -100, false), incoming.Chat);
        Assert.Equal(new CallbackRef("cb1", "u:3", 12), incoming.Callback);
        Assert.Equal(-100, UpdateMapper.ChatOf(update));
    }
}
