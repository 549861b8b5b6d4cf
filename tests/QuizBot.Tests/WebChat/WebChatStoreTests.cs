using QuizBot.Conversation;
using QuizBot.WebChat;

namespace QuizBot.Tests.WebChat;

public sealed class WebChatStoreTests
{
    [Fact]
    public async Task Past_its_limit_the_store_forgets_the_longest_idle_chats_and_keeps_the_active_ones()
    {
        var store = new WebChatStore { MaxChats = 100 };
        for (long chat = 1; chat <= 100; chat++) store.Add(chat, fromUser: false, new OutgoingMessage("xin chào"));
        store.Add(1, fromUser: true, new OutgoingMessage("/start"));

        store.Add(101, fromUser: false, new OutgoingMessage("chào bạn mới"));

        Assert.InRange(store.ChatCount, 90, 100);
        Assert.Equal(2, (await store.SinceAsync(1, 0, TimeSpan.Zero, CancellationToken.None)).Messages.Count);
        Assert.Single((await store.SinceAsync(101, 0, TimeSpan.Zero, CancellationToken.None)).Messages);
        Assert.Empty((await store.SinceAsync(2, 0, TimeSpan.Zero, CancellationToken.None)).Messages);
    }

    [Fact]
    public async Task An_edit_replaces_the_message_and_is_seen_as_new()
    {
        var store = new WebChatStore();
        var id = store.Add(7, fromUser: false, new OutgoingMessage("Câu 1", [[new Button("A", "a:1:0:0")]]));
        var (seen, _) = (await store.SinceAsync(7, 0, TimeSpan.Zero, CancellationToken.None));

        Assert.True(store.Edit(7, id, new OutgoingMessage("Câu 1 ✅")));

        var changed = Assert.Single((await store.SinceAsync(7, seen, TimeSpan.Zero, CancellationToken.None)).Messages);
        Assert.Equal(("Câu 1 ✅", id), (changed.Html, changed.Id));
        Assert.Null(changed.Buttons);
        Assert.False(store.Edit(7, id + 99, new OutgoingMessage("không có")));
    }
}
