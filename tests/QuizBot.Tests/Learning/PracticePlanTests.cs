using QuizBot.Learning;

namespace QuizBot.Tests.Learning;

public sealed class PracticePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Fsrs Scheduler = new();

    /// <summary>A card last reviewed <paramref name="daysAgo"/> days ago with the given stability, due <paramref name="dueInDays"/> from now.</summary>
    private static CardState Card(double stability, double daysAgo, double dueInDays) =>
        new(CardStage.Review, stability, 5, Now.AddDays(dueInDays), Now.AddDays(-daysAgo), 2, 0);

    private static PracticeQuestion Q(string id, string topic) => new(id, topic);

    private static PracticePlan Plan(Dictionary<string, CardState> cards, params PracticeQuestion[] questions) =>
        new(Scheduler, cards, questions, Now);

    [Fact]
    public void Due_reviews_come_first_the_least_remembered_first()
    {
        var cards = new Dictionary<string, CardState>
        {
            ["seen-long-ago"] = Card(stability: 5, daysAgo: 30, dueInDays: -25),
            ["seen-lately"] = Card(stability: 5, daysAgo: 6, dueInDays: -1),
            ["weak-memory"] = Card(stability: 1, daysAgo: 6, dueInDays: -5),
            ["not-due"] = Card(stability: 20, daysAgo: 1, dueInDays: 19),
        };
        var plan = Plan(cards, Q("new-1", "A"), Q("not-due", "A"), Q("seen-lately", "A"), Q("weak-memory", "B"),
            Q("seen-long-ago", "B"));

        var order = plan.Practice(10, new Random(1));

        // Same stability: the longer ago, the lower the recall. Same time ago: the weaker memory is lower.
        Assert.Equal(["seen-long-ago", "weak-memory", "seen-lately", "new-1", "not-due"], order.Select(q => q.Id));
        Assert.Equal(
            [PracticeReason.Due, PracticeReason.Due, PracticeReason.Due, PracticeReason.New, PracticeReason.Reinforce],
            order.Select(q => q.Reason));
    }

    [Fact]
    public void Due_reviews_with_equal_recall_come_most_overdue_first()
    {
        // Same memory, same last review: only the due times differ (say, the desired retention changed in between).
        var cards = new Dictionary<string, CardState>
        {
            ["due-today"] = Card(stability: 3, daysAgo: 4, dueInDays: 0),
            ["due-yesterday"] = Card(stability: 3, daysAgo: 4, dueInDays: -1),
        };

        var order = Plan(cards, Q("due-today", "A"), Q("due-yesterday", "A")).Practice(5, new Random(1));

        Assert.Equal(["due-yesterday", "due-today"], order.Select(q => q.Id));
    }

    [Fact]
    public void New_questions_are_spread_over_topics_by_weight()
    {
        var questions = Enumerable.Range(1, 6).Select(i => Q($"a{i}", "A"))
            .Concat(Enumerable.Range(1, 3).Select(i => Q($"b{i}", "B")))
            .ToArray();
        var plan = Plan([], questions) with { TopicWeights = new Dictionary<string, double> { ["A"] = 2, ["B"] = 1 } };

        var order = plan.Practice(9, new Random(7));

        Assert.Equal(["A", "B", "A", "A", "B", "A", "A", "B", "A"], order.Select(q => q.Topic));
        Assert.All(order, q => Assert.Equal(PracticeReason.New, q.Reason));
    }

    [Fact]
    public void Topics_share_new_questions_evenly_by_default_and_the_rest_continue_when_one_runs_out()
    {
        var plan = Plan([], Q("a1", "A"), Q("a2", "A"), Q("a3", "A"), Q("a4", "A"), Q("b1", "B"), Q("c1", "C"), Q("c2", "C"));

        var order = plan.Practice(7, new Random(3));

        Assert.Equal(["A", "B", "C", "A", "C", "A", "A"], order.Select(q => q.Topic));
    }

    [Fact]
    public void A_topic_weighted_zero_gets_no_new_questions_but_can_be_drilled()
    {
        var plan = Plan([], Q("a1", "A"), Q("b1", "B"), Q("b2", "B"))
            with { TopicWeights = new Dictionary<string, double> { ["B"] = 0 } };

        Assert.Equal(["a1"], plan.Practice(5, new Random(1)).Select(q => q.Id));
        Assert.Equal(2, plan.Drill("B", 5, new Random(1)).Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_order_and_each_topic_is_shuffled_within()
    {
        var questions = Enumerable.Range(1, 20).Select(i => Q($"q{i:00}", i % 2 == 0 ? "A" : "B")).ToArray();
        var plan = Plan([], questions);

        var first = plan.Practice(20, new Random(42)).Select(q => q.Id).ToList();
        var again = plan.Practice(20, new Random(42)).Select(q => q.Id).ToList();

        Assert.Equal(first, again);
        Assert.Equal(questions.Select(q => q.Id).Order(), first.Order());
        var topicA = first.Where(id => int.Parse(id[1..]) % 2 == 0).ToList();
        Assert.NotEqual(topicA.Order(StringComparer.Ordinal), topicA); // not served in bank order
    }

    [Fact]
    public void After_new_questions_the_weakest_topics_come_first()
    {
        var cards = new Dictionary<string, CardState>
        {
            ["strong-1"] = Card(stability: 30, daysAgo: 1, dueInDays: 29),
            ["weak-well-known"] = Card(stability: 30, daysAgo: 1, dueInDays: 29),
            ["weak-shaky"] = Card(stability: 2, daysAgo: 1, dueInDays: 1),
            ["unrated-1"] = Card(stability: 2, daysAgo: 1, dueInDays: 1),
        };
        var plan = Plan(cards, Q("strong-1", "Strong"), Q("unrated-1", "Unrated"), Q("weak-well-known", "Weak"),
                Q("weak-shaky", "Weak"), Q("new-1", "Strong"))
            with { TopicAccuracy = new Dictionary<string, double> { ["Strong"] = 0.9, ["Weak"] = 0.4 } };

        var order = plan.Practice(10, new Random(1));

        Assert.Equal(["new-1", "weak-shaky", "weak-well-known", "strong-1", "unrated-1"], order.Select(q => q.Id));
    }

    [Fact]
    public void Practice_serves_at_most_the_count_asked()
    {
        var cards = new Dictionary<string, CardState>
        {
            ["d1"] = Card(1, 10, -5),
            ["d2"] = Card(1, 9, -5),
            ["d3"] = Card(1, 8, -5),
        };
        var plan = Plan(cards, Q("d1", "A"), Q("d2", "A"), Q("d3", "A"), Q("n1", "A"));

        Assert.Equal(["d1", "d2"], plan.Practice(2, new Random(1)).Select(q => q.Id));
        Assert.Empty(plan.Practice(0, new Random(1)));
    }

    [Fact]
    public void Review_serves_due_questions_only()
    {
        var cards = new Dictionary<string, CardState>
        {
            ["due"] = Card(stability: 2, daysAgo: 3, dueInDays: -1),
            ["later"] = Card(stability: 10, daysAgo: 1, dueInDays: 9),
        };

        var queue = Plan(cards, Q("due", "A"), Q("later", "A"), Q("new", "A")).Review(10);

        Assert.Equal(["due"], queue.Due.Select(q => q.Id));
        Assert.Equal(Now.AddDays(9), queue.NextDue);
    }

    [Fact]
    public void Review_with_nothing_due_says_when_the_next_review_is()
    {
        var cards = new Dictionary<string, CardState>
        {
            ["in-three-days"] = Card(stability: 5, daysAgo: 2, dueInDays: 3),
            ["tomorrow"] = Card(stability: 3, daysAgo: 2, dueInDays: 1),
            ["withdrawn"] = Card(stability: 1, daysAgo: 2, dueInDays: 0.5), // its question is no longer served
        };

        var queue = Plan(cards, Q("in-three-days", "A"), Q("tomorrow", "B"), Q("new", "A")).Review(10);

        Assert.Empty(queue.Due);
        Assert.Equal(Now.AddDays(1), queue.NextDue);
    }

    [Fact]
    public void Review_of_a_participant_with_no_answers_has_no_next_time()
    {
        var queue = Plan([], Q("new", "A")).Review(10);

        Assert.Empty(queue.Due);
        Assert.Null(queue.NextDue);
    }

    [Fact]
    public void A_drill_serves_one_topic_due_then_new_then_the_least_remembered()
    {
        var cards = new Dictionary<string, CardState>
        {
            ["a-due"] = Card(stability: 2, daysAgo: 4, dueInDays: -2),
            ["a-firm"] = Card(stability: 40, daysAgo: 2, dueInDays: 38),
            ["a-shaky"] = Card(stability: 3, daysAgo: 2, dueInDays: 1),
            ["b-due"] = Card(stability: 1, daysAgo: 9, dueInDays: -8),
        };
        var plan = Plan(cards, Q("a-firm", "A"), Q("a-new", "A"), Q("a-shaky", "A"), Q("a-due", "A"), Q("b-due", "B"),
            Q("b-new", "B"));

        var order = plan.Drill("A", 10, new Random(1));

        Assert.Equal(["a-due", "a-new", "a-shaky", "a-firm"], order.Select(q => q.Id));
        Assert.Empty(plan.Drill("No such topic", 10, new Random(1)));
    }

    [Fact]
    public void A_card_answered_through_the_scheduler_is_planned_by_its_due_time()
    {
        var missed = Scheduler.Review(null, Rating.Again, Now.AddHours(-36));
        var right = Scheduler.Review(null, Rating.Good, Now.AddHours(-36));
        var plan = Plan(new Dictionary<string, CardState> { ["missed"] = missed, ["right"] = right },
            Q("missed", "A"), Q("right", "A"));

        var queue = plan.Review(10);

        Assert.Equal(["missed"], queue.Due.Select(q => q.Id)); // Again: due after 1 day; Good: after 2
        Assert.Equal(right.Due, queue.NextDue);
    }
}
