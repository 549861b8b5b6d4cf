using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using QuizBot.QuestionBank;

namespace QuizBot.Data;

/// <summary>
/// The service's database. On SQLite this class itself, on PostgreSQL <see cref="PostgresQuizBotDb"/>: the same model,
/// with each provider's own migrations (a migration names the context it belongs to).
/// </summary>
public class QuizBotDb : DbContext, IDataProtectionKeyContext
{
    public QuizBotDb(DbContextOptions<QuizBotDb> options) : base(options)
    {
    }

    protected QuizBotDb(DbContextOptions options) : base(options)
    {
    }

    private static readonly JsonSerializerOptions ContentJson = new(JsonSerializerDefaults.Web);

    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<Attempt> Attempts => Set<Attempt>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<TransportState> TransportStates => Set<TransportState>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<ProcessedUpdate> ProcessedUpdates => Set<ProcessedUpdate>();
    public DbSet<ReviewCard> ReviewCards => Set<ReviewCard>();
    public DbSet<ReminderLog> ReminderLogs => Set<ReminderLog>();
    public DbSet<DigestLog> DigestLogs => Set<DigestLog>();
    public DbSet<Round> Rounds => Set<Round>();
    public DbSet<RoundNotice> RoundNotices => Set<RoundNotice>();
    public DbSet<RoleGrant> RoleGrants => Set<RoleGrant>();
    public DbSet<JudgeScore> JudgeScores => Set<JudgeScore>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<ParticipantTotal> ParticipantTotals => Set<ParticipantTotal>();
    public DbSet<UnitTotal> UnitTotals => Set<UnitTotal>();
    public DbSet<LiveGame> LiveGames => Set<LiveGame>();
    public DbSet<LiveQuestion> LiveQuestions => Set<LiveQuestion>();
    public DbSet<LivePress> LivePresses => Set<LivePress>();
    public DbSet<LiveScreen> LiveScreens => Set<LiveScreen>();
    public DbSet<LiveQuestionScreen> LiveQuestionScreens => Set<LiveQuestionScreen>();
    public DbSet<BoardRound> BoardRounds => Set<BoardRound>();
    public DbSet<DashboardLogin> DashboardLogins => Set<DashboardLogin>();
    public DbSet<ServiceInstance> Instances => Set<ServiceInstance>();
    public DbSet<ChatClaim> ChatClaims => Set<ChatClaim>();

    /// <summary>The keys that seal the organizers' session cookies and form tokens, shared by every instance (PostgreSQL).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>How a question's content is stored (also by the bank's bulk insert).</summary>
    internal static string SerializeContent(QuestionContent content) => JsonSerializer.Serialize(content, ContentJson);

    /// <summary>
    /// Compares the small int arrays by value without nested lambdas: the primitive-collection comparer EF builds by
    /// default creates a delegate on every comparison, which showed up in the answer path's profile.
    /// </summary>
    private static readonly ValueComparer<int[]> IntArrays = new(
        (a, b) => SameInts(a, b),
        a => HashInts(a),
        a => a.ToArray());

    private static bool SameInts(int[]? a, int[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static int HashInts(int[] values)
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return hash.ToHashCode();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Unit>(unit =>
        {
            unit.HasIndex(u => u.Code).IsUnique();
            unit.HasIndex(u => u.ParentId);
            unit.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Participant>(participant =>
        {
            participant.HasIndex(p => new { p.Transport, p.ExternalId }).IsUnique();
            participant.HasIndex(p => p.UnitId);
            participant.HasOne(p => p.Unit).WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Question>(question =>
        {
            question.HasIndex(q => new { q.Key, q.Version }).IsUnique();
            question.HasIndex(q => q.RetiredAt);
            question.Property(q => q.Content).HasConversion(
                content => SerializeContent(content),
                json => JsonSerializer.Deserialize<QuestionContent>(json, ContentJson)!);
        });

        model.Entity<Attempt>(attempt =>
        {
            attempt.HasIndex(a => new { a.ParticipantId, a.Status });
            attempt.HasIndex(a => new { a.Status, a.CurrentDeadline });
            attempt.HasIndex(a => new { a.RoundId, a.ParticipantId, a.Number }).IsUnique();
            attempt.PrimitiveCollection(a => a.QuestionIds).Metadata.SetValueComparer(IntArrays);
            attempt.PrimitiveCollection(a => a.CurrentSelection).Metadata.SetValueComparer(IntArrays);
            attempt.HasOne(a => a.Participant).WithMany().HasForeignKey(a => a.ParticipantId).OnDelete(DeleteBehavior.Restrict);
            attempt.HasOne<Round>().WithMany().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Answer>(answer =>
        {
            answer.HasIndex(a => new { a.ParticipantId, a.AttemptId, a.QuestionId }).IsUnique();
            answer.HasIndex(a => a.AttemptId);
            answer.Property(a => a.PressId).HasMaxLength(100);
            answer.HasIndex(a => a.QuestionId);
            answer.PrimitiveCollection(a => a.Chosen).Metadata.SetValueComparer(IntArrays);
            answer.HasOne(a => a.Question).WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Restrict);
            answer.HasOne<Participant>().WithMany().HasForeignKey(a => a.ParticipantId).OnDelete(DeleteBehavior.Restrict);
            answer.HasOne<Attempt>().WithMany().HasForeignKey(a => a.AttemptId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<TransportState>().HasKey(s => s.Key);

        model.Entity<ReminderLog>(reminder =>
        {
            reminder.HasKey(r => new { r.ParticipantId, r.Day });
            reminder.HasOne<Participant>().WithMany().HasForeignKey(r => r.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<Participant>().HasIndex(p => p.ReminderAt);
        model.Entity<DigestLog>().HasKey(d => new { d.ChatId, d.WeekStart });

        model.Entity<ReviewCard>(card =>
        {
            card.HasKey(c => new { c.ParticipantId, c.QuestionKey });
            card.HasIndex(c => new { c.ParticipantId, c.Due });
            card.HasOne<Participant>().WithMany().HasForeignKey(c => c.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("Outbox");
            outbox.HasIndex(o => new { o.Status, o.Id });
            outbox.HasIndex(o => o.UpdateId);
            // Rows written before the column existed were sent with previews; the outbox writer always sets it.
            outbox.Property(o => o.NoLinkPreview).HasDefaultValue(false);
        });

        model.Entity<DashboardLogin>(login =>
        {
            login.HasIndex(l => l.TokenHash).IsUnique();
            login.HasOne(l => l.Participant).WithMany().HasForeignKey(l => l.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Round>(round =>
        {
            round.HasIndex(r => r.Code).IsUnique();
            round.HasIndex(r => new { r.Status, r.ClosesAt });
            // Rounds made before live play have none; the column's default says so in every database alike.
            round.Property(r => r.StreakBonus).HasDefaultValue(false);
            round.PrimitiveCollection(r => r.QuestionIds).Metadata.SetValueComparer(IntArrays);
            round.HasOne(r => r.ScopeUnit).WithMany().HasForeignKey(r => r.ScopeUnitId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<RoundNotice>(notice =>
        {
            notice.HasKey(n => new { n.RoundId, n.ParticipantId, n.Kind });
            notice.HasOne<Round>().WithMany().HasForeignKey(n => n.RoundId).OnDelete(DeleteBehavior.Restrict);
            notice.HasOne<Participant>().WithMany().HasForeignKey(n => n.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<RoleGrant>(grant =>
        {
            grant.HasIndex(g => new { g.TelegramUserId, g.RevokedAt });
            grant.HasOne<Unit>().WithMany().HasForeignKey(g => g.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<JudgeScore>(score =>
        {
            score.HasKey(s => new { s.AnswerId, s.JudgeId });
            score.HasOne<Answer>().WithMany().HasForeignKey(s => s.AnswerId).OnDelete(DeleteBehavior.Restrict);
            score.HasOne<Participant>().WithMany().HasForeignKey(s => s.JudgeId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<AuditEntry>().ToTable("Audit");
        model.Entity<Participant>().HasIndex(p => p.Username);

        model.Entity<ParticipantTotal>(total =>
        {
            total.HasKey(t => new { t.ParticipantId, t.Period, t.Start });
            // A wide board walks this in score order; a small one starts from its units' members. Both carry what the
            // boards filter and rank by, so neither a top ten nor an own rank (a count of the rows ahead) reads the
            // table: with 300,000 participants a count through row lookups took a province board past 100 ms.
            total.HasIndex(t => new { t.Period, t.Start, t.Correct, t.Answers, t.UnitId });
            total.HasIndex(t => new { t.UnitId, t.Period, t.Start, t.Correct, t.Answers });
            total.HasOne<Participant>().WithMany().HasForeignKey(t => t.ParticipantId).OnDelete(DeleteBehavior.Restrict);
            total.HasOne<Unit>().WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<UnitTotal>(total =>
        {
            total.HasKey(t => new { t.UnitId, t.Period, t.Start });
            total.HasOne<Unit>().WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<LiveGame>(game =>
        {
            game.PrimitiveCollection(g => g.QuestionIds).Metadata.SetValueComparer(IntArrays);
            // One game at a time in a chat.
            game.HasIndex(g => new { g.Transport, g.ChatId }).IsUnique().HasFilter("\"Status\" = 0");
            game.HasIndex(g => g.Status);
            game.HasOne<Round>().WithMany().HasForeignKey(g => g.RoundId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<LiveQuestion>(question =>
        {
            question.HasKey(q => new { q.GameId, q.Index });
            question.HasOne<LiveGame>().WithMany().HasForeignKey(q => q.GameId).OnDelete(DeleteBehavior.Restrict);
            question.HasOne<Question>().WithMany().HasForeignKey(q => q.QuestionId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<LiveScreen>(screen =>
        {
            screen.HasKey(s => new { s.GameId, s.ChatId });
            screen.HasOne<LiveGame>().WithMany().HasForeignKey(s => s.GameId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<LiveQuestionScreen>(screen =>
        {
            screen.HasKey(s => new { s.GameId, s.Index, s.ChatId });
            screen.HasOne<LiveGame>().WithMany().HasForeignKey(s => s.GameId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<LivePress>(press =>
        {
            press.HasIndex(p => new { p.GameId, p.Index, p.UserId }).IsUnique();
            press.HasOne<LiveGame>().WithMany().HasForeignKey(p => p.GameId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<BoardRound>(counted =>
        {
            counted.HasKey(c => c.RoundId);
            counted.Property(c => c.RoundId).ValueGeneratedNever();
            counted.HasOne<Round>().WithMany().HasForeignKey(c => c.RoundId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<ProcessedUpdate>(update =>
        {
            update.HasKey(u => u.UpdateId);
            update.Property(u => u.UpdateId).ValueGeneratedNever();
            update.HasIndex(u => u.ReceivedAt);
            update.HasIndex(u => new { u.OrderKey, u.Done });
            // The unfinished few, for the sweep that takes over a stopped instance's updates.
            update.HasIndex(u => u.Instance).HasFilter("\"Done\" = FALSE");
        });

        model.Entity<ServiceInstance>(instance =>
        {
            instance.ToTable("Instances");
            instance.HasKey(i => i.Id);
            instance.Property(i => i.Id).HasMaxLength(32);
            instance.Property(i => i.Host).HasMaxLength(255);
        });

        model.Entity<ChatClaim>(claim =>
        {
            claim.HasKey(c => c.Key);
            claim.Property(c => c.Key).HasMaxLength(64);
            claim.Property(c => c.Instance).HasMaxLength(32);
        });
    }
}
