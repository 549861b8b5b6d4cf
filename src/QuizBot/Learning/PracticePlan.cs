namespace QuizBot.Learning;

/// <summary>A question that can be served now, as the planner needs it: its id and topic id.</summary>
public sealed record PracticeQuestion(string Id, string Topic);

public enum PracticeReason
{
    /// <summary>A review FSRS says is due.</summary>
    Due,

    /// <summary>A question the participant has never answered.</summary>
    New,

    /// <summary>An answered question not yet due, served to fill the session (weakest topics first).</summary>
    Reinforce,
}

public sealed record PlannedQuestion(string Id, string Topic, PracticeReason Reason);

/// <summary>/review's answer: the due questions, and when the next review not in the list falls due (null if none).</summary>
public sealed record ReviewQueue(IReadOnlyList<PlannedQuestion> Due, DateTimeOffset? NextDue);

/// <summary>
/// Chooses what a participant practises, from their cards (question id → state) and the questions that can be
/// served. Pure: everything it needs is passed in, and its only randomness is the <see cref="Random"/> given to
/// it, so a seeded one gives the same order every time. Cards of questions not in <see cref="Questions"/> are
/// ignored; topic ids compare ordinally (the caller resolves what a user typed).
/// </summary>
public sealed record PracticePlan(
    Fsrs Scheduler,
    IReadOnlyDictionary<string, CardState> Cards,
    IReadOnlyList<PracticeQuestion> Questions,
    DateTimeOffset Now)
{
    /// <summary>Topic id → weight for spreading new questions (topics.yaml). A topic not listed weighs 1; 0 leaves it out.</summary>
    public IReadOnlyDictionary<string, double>? TopicWeights { get; init; }

    /// <summary>Topic id → share of right answers, 0..1. Topics without a value count as the strongest.</summary>
    public IReadOnlyDictionary<string, double>? TopicAccuracy { get; init; }

    /// <summary>
    /// /practice: due reviews first (lowest retrievability, then most overdue), then new questions spread over the
    /// topics by weight, then answered questions from the weakest topics.
    /// </summary>
    public IReadOnlyList<PlannedQuestion> Practice(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(random);
        var (due, fresh, rest) = Split(Distinct(Questions));
        return DueOrder(due)
            .Concat(WeightedInterleave(fresh, random).Select(q => Planned(q, PracticeReason.New)))
            .Concat(WeakestTopicsFirst(rest))
            .Take(count)
            .ToList();
    }

    /// <summary>/review: due reviews only, in the same order as /practice serves them.</summary>
    public ReviewQueue Review(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var (due, _, rest) = Split(Distinct(Questions));
        var served = DueOrder(due).Take(count).ToList();
        var left = due.Skip(count).Select(q => Cards[q.Id].Due).Concat(rest.Select(q => Cards[q.Id].Due));
        return new ReviewQueue(served, left.Any() ? left.Min() : null);
    }

    /// <summary>/practice &lt;topic&gt;: that topic only: due reviews, then new questions, then the least remembered.</summary>
    public IReadOnlyList<PlannedQuestion> Drill(string topic, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(random);
        var (due, fresh, rest) = Split(Distinct(Questions).Where(q => string.Equals(q.Topic, topic, StringComparison.Ordinal)));
        return DueOrder(due)
            .Concat(Shuffled(fresh, random).Select(q => Planned(q, PracticeReason.New)))
            .Concat(LeastRemembered(rest).Select(q => Planned(q, PracticeReason.Reinforce)))
            .Take(count)
            .ToList();
    }

    private (List<PracticeQuestion> Due, List<PracticeQuestion> Fresh, List<PracticeQuestion> Answered) Split(
        IEnumerable<PracticeQuestion> questions)
    {
        List<PracticeQuestion> due = [], fresh = [], rest = [];
        foreach (var question in questions)
        {
            if (!Cards.TryGetValue(question.Id, out var card) || card.IsNew)
                fresh.Add(question);
            else if (card.IsDue(Now))
                due.Add(question);
            else
                rest.Add(question);
        }

        return (due, fresh, rest);
    }

    private IEnumerable<PlannedQuestion> DueOrder(IEnumerable<PracticeQuestion> due) =>
        LeastRemembered(due, thenMostOverdue: true).Select(q => Planned(q, PracticeReason.Due));

    private IEnumerable<PracticeQuestion> LeastRemembered(IEnumerable<PracticeQuestion> questions, bool thenMostOverdue = false) =>
        questions
            .Select(q => (Question: q, R: Scheduler.Retrievability(Cards[q.Id], Now), Cards[q.Id].Due))
            .OrderBy(x => x.R)
            .ThenBy(x => thenMostOverdue ? x.Due : default)
            .ThenBy(x => x.Question.Id, StringComparer.Ordinal)
            .Select(x => x.Question);

    /// <summary>
    /// Weighted fair interleave: a topic's next question "starts" at served / weight, and the earliest start is
    /// served next (ties in the order topics first appear). Weights 2 and 1 go A B A A B A …, never A A A … B B B;
    /// a topic that runs out simply drops out, leaving the others' shares as they were. Within a topic the order is
    /// shuffled by <paramref name="random"/>.
    /// </summary>
    private IEnumerable<PracticeQuestion> WeightedInterleave(List<PracticeQuestion> fresh, Random random)
    {
        var topics = fresh
            .GroupBy(q => q.Topic, StringComparer.Ordinal)
            .Select(g => (Questions: g, Weight: WeightOf(g.Key)))
            .Where(t => t.Weight > 0)
            .Select(t => (t.Weight, Queue: new Queue<PracticeQuestion>(Shuffled([.. t.Questions], random))))
            .ToList();
        var served = new int[topics.Count];
        while (true)
        {
            var next = -1;
            for (var i = 0; i < topics.Count; i++)
            {
                if (topics[i].Queue.Count > 0
                    && (next < 0 || served[i] / topics[i].Weight < served[next] / topics[next].Weight))
                    next = i;
            }

            if (next < 0)
                yield break;
            served[next]++;
            yield return topics[next].Queue.Dequeue();
        }
    }

    private IEnumerable<PlannedQuestion> WeakestTopicsFirst(List<PracticeQuestion> rest)
    {
        var topicOrder = Questions
            .Select(q => q.Topic)
            .Distinct(StringComparer.Ordinal)
            .Select((topic, index) => (topic, index))
            .ToDictionary(x => x.topic, x => x.index, StringComparer.Ordinal);
        return rest
            .GroupBy(q => q.Topic, StringComparer.Ordinal)
            .OrderBy(g => AccuracyOf(g.Key))
            .ThenBy(g => topicOrder[g.Key])
            .SelectMany(g => LeastRemembered(g))
            .Select(q => Planned(q, PracticeReason.Reinforce));
    }

    private double WeightOf(string topic)
    {
        if (TopicWeights is null || !TopicWeights.TryGetValue(topic, out var weight))
            return 1;
        if (!double.IsFinite(weight) || weight < 0)
            throw new ArgumentOutOfRangeException(nameof(TopicWeights), weight, $"Topic {topic} has an invalid weight.");
        return weight;
    }

    private double AccuracyOf(string topic) =>
        TopicAccuracy is not null && TopicAccuracy.TryGetValue(topic, out var accuracy) && double.IsFinite(accuracy)
            ? accuracy
            : double.PositiveInfinity;

    private static List<PracticeQuestion> Shuffled(List<PracticeQuestion> questions, Random random)
    {
        var copy = questions.ToArray();
        random.Shuffle(copy);
        return [.. copy];
    }

    private static IEnumerable<PracticeQuestion> Distinct(IEnumerable<PracticeQuestion> questions) =>
        questions.DistinctBy(q => q.Id, StringComparer.Ordinal);

    private static PlannedQuestion Planned(PracticeQuestion question, PracticeReason reason) =>
        new(question.Id, question.Topic, reason);
}
