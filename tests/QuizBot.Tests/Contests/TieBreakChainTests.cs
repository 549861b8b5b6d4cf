using QuizBot.Contests;

namespace QuizBot.Tests.Contests;

public sealed class TieBreakChainTests
{
    [Fact]
    public void The_default_is_score_prediction_time_submitted()
    {
        Assert.Equal("score,prediction,time,submitted", TieBreakChain.Default.ToString());
        Assert.Equal(
            [TieBreakKey.Score, TieBreakKey.Prediction, TieBreakKey.Time, TieBreakKey.Submitted],
            TieBreakChain.Default.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_blank_chain_is_the_default(string? text)
    {
        Assert.True(TieBreakChain.TryParse(text, out var chain, out var error), error);
        Assert.Equal(TieBreakChain.Default, chain);
    }

    [Theory]
    [InlineData("score,prediction,time,submitted", "score,prediction,time,submitted")]
    [InlineData(" Score , TIME ", "score,time")]
    [InlineData("score", "score")]
    [InlineData("time,prediction", "score,time,prediction")]
    [InlineData("submitted", "score,submitted")]
    public void A_chain_reads_to_its_canonical_form_with_score_first(string text, string canonical)
    {
        Assert.True(TieBreakChain.TryParse(text, out var chain, out var error), error);
        Assert.Equal(canonical, chain.ToString());
        Assert.Equal(chain, TieBreakChain.Parse(chain.ToString()));
    }

    [Theory]
    [InlineData("score,speed", "unknown key \"speed\"")]
    [InlineData("score,time,Time", "\"Time\" appears twice")]
    [InlineData("time,score", "\"score\" must come first")]
    [InlineData("score,,time", "key 2 is empty")]
    [InlineData("score,time,", "key 3 is empty")]
    public void A_bad_chain_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(TieBreakChain.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Contains(reason, Assert.Throws<FormatException>(() => TieBreakChain.Parse(text)).Message);
    }
}
