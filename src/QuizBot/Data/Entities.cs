using QuizBot.QuestionBank;

namespace QuizBot.Data;

/// <summary>A unit of the party organisation tree: province, commune, base organisation or cell.</summary>
public sealed class Unit
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public UnitKind Kind { get; set; }
    public int? ParentId { get; set; }
    public Unit? Parent { get; set; }
    public string? FormerDistrict { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public int SortOrder { get; set; }
}

public enum Transport { Telegram = 1, Web = 2 }

public enum RegistrationStep { ChoosingUnit = 0, ConfirmingName = 1, TypingName = 2, Registered = 3 }

/// <summary>A person talking to the bot, registered or still registering, on one transport.</summary>
public sealed class Participant
{
    public int Id { get; set; }
    public Transport Transport { get; set; }
    public long ExternalId { get; set; }
    public long ChatId { get; set; }
    public required string DisplayName { get; set; }
    public string Language { get; set; } = Languages.Vietnamese;
    public RegistrationStep Step { get; set; }
    public int? UnitId { get; set; }
    public Unit? Unit { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? RegisteredAt { get; set; }

    /// <summary>When the daily reminder comes, in local time (Quiz:TimeZone); null: no reminders.</summary>
    public TimeOnly? ReminderAt { get; set; }
}

/// <summary>
/// One version of a bank question. A content edit adds a row with the next version; answers point at the row
/// that was asked, so history never changes under them.
/// </summary>
public sealed class Question
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public int Version { get; set; }
    public required string ContentHash { get; set; }
    public required string Topic { get; set; }
    public QuestionType Type { get; set; }
    public int Difficulty { get; set; }
    public QuestionStatus Status { get; set; }
    public required QuestionContent Content { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The bank file it was read from, so a broken file's questions are left as they were.</summary>
    public required string SourceFile { get; set; }

    /// <summary>Set when a newer version replaces this one or the question leaves the bank.</summary>
    public DateTime? RetiredAt { get; set; }
}

public enum SessionStatus { Active = 0, Finished = 1, Abandoned = 2 }

/// <summary>
/// A practice quiz as a persisted state machine: the questions drawn, which one is on screen and until when.
/// Handlers advance it idempotently, so a restart continues where it stood.
/// </summary>
public sealed class PracticeSession
{
    public long Id { get; set; }
    public int ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public Transport Transport { get; set; }
    public long ChatId { get; set; }
    public string? Topic { get; set; }
    public required int[] QuestionIds { get; set; }

    /// <summary>Seeds the per-user order of options, so a restart shows the same order again.</summary>
    public int ShuffleSeed { get; set; }

    public int CurrentIndex { get; set; }
    public int? CurrentMessageId { get; set; }
    public DateTime? CurrentDeadline { get; set; }
    public DateTime? CurrentAskedAt { get; set; }

    /// <summary>Options ticked so far on a multiple-answer question, as shown (not yet submitted).</summary>
    public int[] CurrentSelection { get; set; } = [];
    public SessionStatus Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

/// <summary>A recorded answer; unique per (participant, session, question version).</summary>
public sealed class Answer
{
    public long Id { get; set; }
    public int ParticipantId { get; set; }
    public long SessionId { get; set; }
    public int QuestionId { get; set; }
    public Question? Question { get; set; }
    public int Position { get; set; }

    /// <summary>The options chosen, as 0-based indices into the question's own option order.</summary>
    public required int[] Chosen { get; set; }

    public bool IsCorrect { get; set; }
    public bool TimedOut { get; set; }
    public int ElapsedMs { get; set; }
    public DateTime AnsweredAt { get; set; }
}

/// <summary>Small durable settings of the transports, such as the last confirmed Telegram update.</summary>
public sealed class TransportState
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public enum OutboxKind { Send = 1, Edit = 2 }

public enum OutboxStatus { Pending = 0, Sent = 1, Failed = 2 }

/// <summary>
/// A message on its way to Telegram. Written before the first attempt and marked when Telegram accepts it, so
/// a crash or restart resumes what was queued instead of losing it.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public long ChatId { get; set; }
    public OutboxKind Kind { get; set; }

    /// <summary>The message to edit (Edit only).</summary>
    public int? MessageId { get; set; }

    public required string Text { get; set; }

    /// <summary>The inline keyboard as Bot API JSON, or null.</summary>
    public string? ReplyMarkup { get; set; }

    public OutboxStatus Status { get; set; }

    /// <summary>The update whose handling queued it: after a crash, such an update is not handled again.</summary>
    public int? UpdateId { get; set; }

    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DoneAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// A Telegram update taken for processing, so a redelivered update is handled once. An update claimed by a
/// process that died before finishing it is taken over by the next one.
/// </summary>
public sealed class ProcessedUpdate
{
    public int UpdateId { get; set; }
    public required string Instance { get; set; }
    public bool Done { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>The update as received (Bot API JSON), to handle it after a crash: Telegram will not send it again.</summary>
    public string? Payload { get; set; }
}

/// <summary>
/// One participant's spaced-repetition schedule (FSRS) for one question, kept by the question's stable id: a new
/// version of a question keeps its schedule.
/// </summary>
public sealed class ReviewCard
{
    public int ParticipantId { get; set; }
    public required string QuestionKey { get; set; }
    public QuizBot.Learning.CardStage Stage { get; set; }
    public double Stability { get; set; }
    public double Difficulty { get; set; }
    public DateTime Due { get; set; }
    public DateTime? LastReview { get; set; }
    public int Reps { get; set; }
    public int Lapses { get; set; }
}

/// <summary>A reminder sent (or being sent) to a participant on a local day: at most one a day, also across restarts.</summary>
public sealed class ReminderLog
{
    public int ParticipantId { get; set; }
    public DateOnly Day { get; set; }
    public DateTime SentAt { get; set; }
}
