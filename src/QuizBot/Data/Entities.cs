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

    /// <summary>The unit's party membership as org-units.yaml gives it; null: count the members registered in the bot.</summary>
    public int? Members { get; set; }

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

    /// <summary>The Telegram @username as last seen (without the @), for /grant @user.</summary>
    public string? Username { get; set; }

    /// <summary>A deep link's /start payload (r_CODE) that waits for registration to finish.</summary>
    public string? PendingStart { get; set; }
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

/// <summary>AwaitingPrediction: every question answered, the round's prediction question still to come.</summary>
public enum AttemptStatus { Active = 0, Finished = 1, Abandoned = 2, AwaitingPrediction = 3 }

/// <summary>
/// One run through a list of questions, for practice or in a contest round, as a persisted state machine: the
/// questions drawn, which one is on screen and until when. Handlers advance it idempotently, so a restart
/// continues where it stood.
/// </summary>
public sealed class Attempt
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
    public AttemptStatus Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>The contest round this attempt belongs to; null for practice.</summary>
    public int? RoundId { get; set; }

    /// <summary>The contestant's attempt number in the round (1, 2, …); 1 for practice.</summary>
    public int Number { get; set; } = 1;

    /// <summary>Each question's time limit, fixed when the attempt starts.</summary>
    public int SecondsPerQuestion { get; set; }

    /// <summary>The contestant's guess for the round's prediction question, if it has one.</summary>
    public int? Prediction { get; set; }

    public bool IsPractice => RoundId is null;
}

/// <summary>
/// A recorded answer; unique per (participant, attempt, question version). A choice question is scored at once
/// (<see cref="ScoredBy"/> "auto"); a free-text answer waits for its judges.
/// </summary>
public sealed class Answer
{
    public long Id { get; set; }
    public int ParticipantId { get; set; }
    public long AttemptId { get; set; }
    public int QuestionId { get; set; }
    public Question? Question { get; set; }
    public int Position { get; set; }

    /// <summary>The options chosen, as 0-based indices into the question's own option order.</summary>
    public required int[] Chosen { get; set; }

    /// <summary>What was typed, for a free-text (judged) question.</summary>
    public string? FreeText { get; set; }

    /// <summary>The points this answer earned: 1 or 0 for a choice, the judges' mean for free text; null until scored.</summary>
    public double? Score { get; set; }

    /// <summary>"auto", or "judges" once a free-text answer is scored.</summary>
    public string? ScoredBy { get; set; }

    public bool IsCorrect { get; set; }
    public bool TimedOut { get; set; }
    public int ElapsedMs { get; set; }
    public DateTime AnsweredAt { get; set; }

    /// <summary>
    /// The button press that gave the answer (its callback id); null for a timeout or typed text. A press handled
    /// again after its instance died knows by it that the answer is its own, and gives the replies the death cut off.
    /// </summary>
    public string? PressId { get; set; }
}

/// <summary>Small durable settings of the transports, such as the last confirmed Telegram update.</summary>
public sealed class TransportState
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public enum OutboxKind { Send = 1, Edit = 2, Document = 3, Photo = 4 }

public enum OutboxStatus { Pending = 0, Sent = 1, Failed = 2 }

/// <summary>
/// A message on its way to Telegram. Written before the first attempt and marked when Telegram accepts it, so
/// a crash or restart resumes what was queued instead of losing it.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>The instance that sends it: only that one, or, once it is dead, the one that takes its messages over.</summary>
    public string? Instance { get; set; }
    public long ChatId { get; set; }
    public OutboxKind Kind { get; set; }

    /// <summary>The message to edit (Edit only).</summary>
    public int? MessageId { get; set; }

    public required string Text { get; set; }

    /// <summary>The inline keyboard as Bot API JSON, or null.</summary>
    public string? ReplyMarkup { get; set; }

    /// <summary>A file to send (Document or Photo), with <see cref="Text"/> as its caption.</summary>
    public byte[]? Attachment { get; set; }

    public string? AttachmentName { get; set; }

    /// <summary>Sent with Telegram's link preview disabled (Send and Edit): the message holds a link nobody else may open.</summary>
    public bool NoLinkPreview { get; set; }

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

    /// <summary>Whose turn it waits for (<see cref="Conversation.UpdateOrder"/> as text): its chat, or its chat and presser.</summary>
    public string? OrderKey { get; set; }
}

/// <summary>
/// A running instance of the service, as the others see it (PostgreSQL): it says it is alive every few seconds, and
/// one that has not said so for a while is dead, its claims free and its unfinished work taken over.
/// </summary>
public sealed class ServiceInstance
{
    public required string Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime SeenAt { get; set; }

    /// <summary>The machine it runs on, and its process there: an instance started later on that machine signs it off
    /// at once once that process is gone, rather than wait for it to be found dead.</summary>
    public string? Host { get; set; }

    public int? ProcessId { get; set; }
}

/// <summary>
/// Which instance handles a chat's updates (or a group member's presses) for now, so that they are handled in order
/// by one instance at a time whichever instance received them (PostgreSQL).
/// </summary>
public sealed class ChatClaim
{
    public required string Key { get; set; }
    public required string Instance { get; set; }
    public DateTime ClaimedAt { get; set; }
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

/// <summary>A weekly digest claimed for a chat (a group or an organizer) and the week it reports: sent once, also across restarts.</summary>
public sealed class DigestLog
{
    public long ChatId { get; set; }

    /// <summary>The local Monday of the week reported on.</summary>
    public DateOnly WeekStart { get; set; }

    public DateTime SentAt { get; set; }
}

public enum RoundMode { SelfPaced = 1, Judged = 2, Live = 3 }

/// <summary>Scheduled → Open → Closed (answering over; a judged round is being judged) → Finalised (results out).</summary>
/// <remarks>Draft: written by /newround, waiting for the organizer's confirmation.</remarks>
public enum RoundStatus { Scheduled = 0, Open = 1, Closed = 2, Finalised = 3, Draft = 4 }

/// <summary>What a round's prediction question asks, by the local rule (contest-domain.md).</summary>
public enum PredictionKind { None = 0, Participants = 1, FullMarks = 2 }

/// <summary>A contest round run by an organizer for the members of one unit.</summary>
public sealed class Round
{
    public int Id { get; set; }

    /// <summary>Short, upper-case, used in /join CODE and the deep link ?start=r_CODE.</summary>
    public required string Code { get; set; }

    public required string Title { get; set; }

    /// <summary>Only members of this unit (anywhere below it) may take part.</summary>
    public int ScopeUnitId { get; set; }

    public Unit? ScopeUnit { get; set; }

    public RoundMode Mode { get; set; }

    /// <summary>As the organizer wrote it: "charter:5, cell-meetings:5" or "ids: charter-001, …".</summary>
    public required string Blueprint { get; set; }

    /// <summary>The questions drawn from the blueprint when the round was created: every contestant gets this set.</summary>
    public required int[] QuestionIds { get; set; }

    public int SecondsPerQuestion { get; set; }
    public DateTime OpensAt { get; set; }
    public DateTime ClosesAt { get; set; }
    public int MaxAttempts { get; set; } = 1;

    /// <summary>The tie-break chain, e.g. "score,prediction,time,submitted".</summary>
    public required string TieBreaks { get; set; }

    public PredictionKind Prediction { get; set; }

    /// <summary>How many first, second, third and consolation prizes: "1,2,3,5".</summary>
    public required string PrizeTiers { get; set; }

    public RoundStatus Status { get; set; }

    /// <summary>The organizer's Telegram user id, to whom results go.</summary>
    public long CreatedBy { get; set; }

    public long OrganizerChatId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime? FinalisedAt { get; set; }

    /// <summary>Set once the results have been posted, so a restart does not post them twice.</summary>
    public DateTime? ResultsPostedAt { get; set; }

    /// <summary>A live round: whether consecutive right answers earn the streak bonus.</summary>
    public bool StreakBonus { get; set; }
}

/// <summary>A message a round sends to a contestant once: a reminder before closing, or their result.</summary>
public enum RoundNoticeKind { Invitation = 0, HourLeft = 1, TenMinutesLeft = 2, Result = 3 }

public sealed class RoundNotice
{
    public int RoundId { get; set; }
    public int ParticipantId { get; set; }
    public RoundNoticeKind Kind { get; set; }
    public DateTime SentAt { get; set; }
}

public enum GrantedRole { Organizer = 1, Judge = 2 }

/// <summary>A role granted to a Telegram user for a unit (and everything below it). Revoking keeps the row.</summary>
public sealed class RoleGrant
{
    public int Id { get; set; }
    public long TelegramUserId { get; set; }
    public GrantedRole Role { get; set; }
    public int UnitId { get; set; }
    public long GrantedBy { get; set; }
    public DateTime GrantedAt { get; set; }
    public long? RevokedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>One judge's current score for one free-text answer; every change is also in the audit log.</summary>
public sealed class JudgeScore
{
    public long AnswerId { get; set; }
    public int JudgeId { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTime ScoredAt { get; set; }
}

/// <summary>Who did what to roles, rounds and scores, and when: append only.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>The Telegram user id of who acted (0: the service itself, e.g. a scheduled close).</summary>
    public long Actor { get; set; }

    public required string Action { get; set; }
    public required string Details { get; set; }
}

/// <summary>The leaderboards' periods: a Monday-based week and a calendar month in Quiz:TimeZone, and all time.</summary>
public enum BoardPeriod { Week = 1, Month = 2, AllTime = 3 }

/// <summary>
/// One participant's practice in one period (<see cref="Start"/>: the local Monday, the 1st of the month, or
/// <see cref="DateOnly.MinValue"/> for all time), kept current by the answer log's group commit. <see cref="UnitId"/>
/// is the participant's current unit, moved with them, so an individual board reads one table.
/// </summary>
public sealed class ParticipantTotal
{
    public int ParticipantId { get; set; }
    public BoardPeriod Period { get; set; }
    public DateOnly Start { get; set; }
    public int? UnitId { get; set; }
    public int Answers { get; set; }
    public int Correct { get; set; }
}

/// <summary>
/// One unit's practice in one period, its whole subtree included: the sum of <see cref="ParticipantTotal"/> rows
/// of the participants whose current unit lies at or below it. <see cref="Participants"/> counts those rows.
/// </summary>
public sealed class UnitTotal
{
    public int UnitId { get; set; }
    public BoardPeriod Period { get; set; }
    public DateOnly Start { get; set; }
    public int Participants { get; set; }
    public int Answers { get; set; }
    public int Correct { get; set; }
}

public enum LiveGameStatus { Running = 0, Finished = 1, Stopped = 2 }

/// <summary>
/// A quiz played together in one chat: a group's /quiz, or a live contest round. Questions go out one at a time,
/// everyone answers the same message, and the message is edited to reveal the answer when the time is up.
/// </summary>
public sealed class LiveGame
{
    public int Id { get; set; }
    public Transport Transport { get; set; }
    public long ChatId { get; set; }

    /// <summary>The live contest round this game plays; null for a group's /quiz.</summary>
    public int? RoundId { get; set; }

    public string? Topic { get; set; }
    public required int[] QuestionIds { get; set; }
    public int SecondsPerQuestion { get; set; }

    /// <summary>Whether consecutive right answers earn the streak bonus.</summary>
    public bool StreakBonus { get; set; }

    /// <summary>The question being asked or revealed, 0-based; QuestionIds.Length once all are done.</summary>
    public int CurrentIndex { get; set; }

    /// <summary>The message edited into the running scoreboard after each question, and the podium at the end.</summary>
    public int? BoardMessageId { get; set; }

    public LiveGameStatus Status { get; set; }

    /// <summary>
    /// The instance running it (its clock and presses live in that process); a dead instance's running games are
    /// taken over by another. Null in a database from before several instances.
    /// </summary>
    public string? Instance { get; set; }

    /// <summary>
    /// What its projector shows (a <c>LiveView</c> as JSON), as the instance running it last published it, for the
    /// projectors other instances serve; kept only where instances share the database (see <c>LiveViewPublisher</c>).
    /// </summary>
    public string? View { get; set; }

    /// <summary>The transport's id of the person who started it (a group admin or an organizer).</summary>
    public long StartedBy { get; set; }

    /// <summary>The language the game speaks in the chat: its starter's.</summary>
    public string Language { get; set; } = Languages.Vietnamese;

    /// <summary>
    /// Played in each contestant's private chat (a small live round without a group): each has their own copy of
    /// every question and of the board (<see cref="LiveScreen"/>); the game's own chat is the organizer's, where the
    /// board is followed.
    /// </summary>
    public bool IsPrivate { get; set; }

    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

/// <summary>One question of a live game: when Telegram confirmed it on screen, until when it takes answers, when it was revealed.</summary>
public sealed class LiveQuestion
{
    public int GameId { get; set; }
    public int Index { get; set; }
    public int QuestionId { get; set; }
    public int? MessageId { get; set; }
    public DateTime? ShownAt { get; set; }
    public DateTime? Deadline { get; set; }
    public DateTime? RevealedAt { get; set; }
}

/// <summary>A contestant's private chat in a privately played live round, with the board message kept there.</summary>
public sealed class LiveScreen
{
    public int GameId { get; set; }
    public long ChatId { get; set; }
    public int? BoardMessageId { get; set; }
}

/// <summary>One question as shown in one contestant's private chat: its time counts from when Telegram confirmed it there.</summary>
public sealed class LiveQuestionScreen
{
    public int GameId { get; set; }
    public int Index { get; set; }
    public long ChatId { get; set; }
    public int MessageId { get; set; }
    public DateTime ShownAt { get; set; }
}

/// <summary>One person's press on one question of a live game; unique per (game, question, person).</summary>
public sealed class LivePress
{
    public long Id { get; set; }
    public int GameId { get; set; }
    public int Index { get; set; }

    /// <summary>The transport's id of the person (a group member need not be registered).</summary>
    public long UserId { get; set; }

    /// <summary>The registered participant, where there is one (always, in a contest round).</summary>
    public int? ParticipantId { get; set; }

    public required string Name { get; set; }

    /// <summary>The option chosen, as its index in the bank question.</summary>
    public int Option { get; set; }

    /// <summary>When the press was received: its time, whatever queue it waited in.</summary>
    public DateTime PressedAt { get; set; }

    /// <summary>From the question's confirmed appearance on screen to the press.</summary>
    public int ElapsedMs { get; set; }

    public bool IsCorrect { get; set; }

    /// <summary>Speed points and streak bonus, set when the question is revealed.</summary>
    public int Points { get; set; }

    public int Bonus { get; set; }
}

/// <summary>
/// A round whose answers the period boards have counted, written in the same transaction as the totals it added,
/// so that a close firing twice, a catch-up after a restart or the start-up sweep counts a round once.
/// </summary>
public sealed class BoardRound
{
    public int RoundId { get; set; }
    public DateTime CountedAt { get; set; }

    /// <summary>The answers and participants it added, for the log and for whoever audits a board.</summary>
    public int Answers { get; set; }
    public int Participants { get; set; }
}

/// <summary>
/// A one-time dashboard login link, sent by /dashboard in chat. Only the SHA-256 of its token is kept, so the
/// table cannot be read back into working links; <see cref="UsedAt"/> is set by the one confirmation that spends it.
/// </summary>
public sealed class DashboardLogin
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the token, lower-case hex.</summary>
    public required string TokenHash { get; set; }

    public int ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
