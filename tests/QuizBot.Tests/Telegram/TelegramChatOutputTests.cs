using QuizBot.Telegram;

namespace QuizBot.Tests.Telegram;

public sealed class TelegramChatOutputTests
{
    [Fact]
    public void A_text_within_telegrams_limit_is_sent_as_it_is()
    {
        var html = "<b>Câu 1/3</b> · a &amp; b";

        Assert.Same(html, TelegramChatOutput.Fit(html));
    }

    [Fact]
    public void An_over_long_text_is_cut_to_4096_characters_without_splitting_a_tag_or_an_entity()
    {
        var html = "<b>Tiêu đề</b>\n" + string.Concat(Enumerable.Repeat("a & b < c ", 900));

        var fitted = TelegramChatOutput.Fit(html);

        Assert.InRange(fitted.Length, 3000, 4096);
        Assert.EndsWith("…", fitted);
        Assert.DoesNotContain("<b>", fitted);
        Assert.Matches("^([^&<>]|&amp;|&lt;|&gt;)*…$", fitted);
    }
}
