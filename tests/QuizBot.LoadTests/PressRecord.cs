namespace QuizBot.LoadTests;

/// <summary>One button press of a simulated user, from the press to Telegram's answerCallbackQuery.</summary>
public sealed class PressRecord(string callbackId, int user, string data, bool answers, int phase)
{
    private long answeredAt;

    public string CallbackId => callbackId;

    public int User => user;

    public string Data => data;

    /// <summary>True when the press gives an answer (a single-choice option or Submit), not a tick or a menu.</summary>
    public bool Answers => answers;

    public int Phase => phase;

    public long EnqueuedAt { get; set; }

    public long DeliveredAt { get; set; }

    /// <summary>When the next question (a new message with answer buttons) reached the user; 0 if none came.</summary>
    public long NextQuestionAt { get; set; }

    public long AnsweredAt => Interlocked.Read(ref answeredAt);

    public string? Toast { get; private set; }

    public int AnswerCalls;

    /// <returns>false for a second answerCallbackQuery of the same press.</returns>
    public bool MarkAnswered(long at, string? toast)
    {
        if (Interlocked.Increment(ref AnswerCalls) != 1) return false;
        Toast = toast;
        Interlocked.Exchange(ref answeredAt, at);
        return true;
    }

    /// <summary>The service recorded an answer: its toast says right or wrong.</summary>
    public bool Recorded => Toast is { } t && (t.StartsWith('✅') || t.StartsWith('❌'));
}
