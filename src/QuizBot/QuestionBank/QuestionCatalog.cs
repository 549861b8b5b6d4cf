using QuizBot.Data;

namespace QuizBot.QuestionBank;

/// <summary>
/// The questions in service, in memory: practice draws from here on every request, so the database is read
/// only when the bank changes. Replaced whole on each sync, never mutated.
/// </summary>
public sealed class QuestionCatalog
{
    private volatile Snapshot current = new([], new Dictionary<int, Question>(), []);

    public IReadOnlyList<Topic> Topics => current.Topics;

    public IReadOnlyList<Question> Current => current.Questions;

    public Question? Find(int questionId) => current.ById.GetValueOrDefault(questionId);

    public Topic? FindTopic(string id) => current.Topics.FirstOrDefault(t => t.Id == id);

    public void Replace(IReadOnlyList<Topic> topics, IReadOnlyList<Question> questions) =>
        current = new Snapshot(questions, questions.ToDictionary(q => q.Id), topics);

    /// <summary>Questions a practice quiz may serve today: in force, not judged free text.</summary>
    public IEnumerable<Question> Servable(DateOnly today, string? topic) =>
        current.Questions.Where(q =>
            q.Type != QuestionType.Text
            && (topic is null || q.Topic == topic)
            && (q.ValidFrom is null || q.ValidFrom <= today)
            && (q.ValidUntil is null || today <= q.ValidUntil));

    private sealed record Snapshot(IReadOnlyList<Question> Questions, IReadOnlyDictionary<int, Question> ById, IReadOnlyList<Topic> Topics);
}
