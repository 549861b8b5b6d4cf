using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QuizBot.Data;
using QuizBot.Practice;

namespace QuizBot.Dashboard.Organizer;

/// <summary>What a login link's token turned out to be.</summary>
public enum LinkState { Valid, Expired, Used, Unknown, Malformed }

/// <summary>A token's state and, where it names one, the person it was issued to.</summary>
public sealed record LinkCheck(LinkState State, int? ParticipantId = null, DateTime? ExpiresAt = null);

/// <summary>
/// One-time login links: a 256-bit random token goes out in the link, its SHA-256 goes into the database. Looking
/// a token up changes nothing (a link preview may fetch the page); only <see cref="SpendAsync"/>, called by the
/// person's confirmation, uses it up, once, with a conditional update.
/// </summary>
public sealed class LoginLinks(QuizBotDb db, WriteGate gate, QuizClock clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a link's row outlives the link, so that reusing it says "used" or "expired".</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private const int TokenBytes = 32;

    /// <summary>Base64url of <see cref="TokenBytes"/> bytes, without padding.</summary>
    private const int TokenLength = 43;

    public async Task<(string Token, DateTime ExpiresAt)> IssueAsync(Participant person, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = clock.UtcNow;
        // The person's links of days past go: the table holds a day of links per organizer, and an old link still
        // shown in the chat is refused as unknown rather than as expired.
        var stale = now - KeptFor;
        await gate.WriteAsync(() => db.DashboardLogins.Where(l => l.ParticipantId == person.Id && l.ExpiresAt < stale).ExecuteDeleteAsync(ct), ct);
        var login = new DashboardLogin { TokenHash = Hash(token), ParticipantId = person.Id, CreatedAt = now, ExpiresAt = now + Lifetime };
        db.DashboardLogins.Add(login);
        await db.SaveChangesAsync(ct);
        return (token, login.ExpiresAt);
    }

    public async Task<LinkCheck> CheckAsync(string? token, CancellationToken ct)
    {
        if (!IsWellFormed(token)) return new(LinkState.Malformed);
        var hash = Hash(token!);
        var login = await db.DashboardLogins.AsNoTracking().Where(l => l.TokenHash == hash)
            .Select(l => new { l.ParticipantId, l.ExpiresAt, l.UsedAt }).SingleOrDefaultAsync(ct);
        if (login is null) return new(LinkState.Unknown);
        if (login.UsedAt is not null) return new(LinkState.Used);
        if (login.ExpiresAt <= clock.UtcNow) return new(LinkState.Expired);
        return new(LinkState.Valid, login.ParticipantId, login.ExpiresAt);
    }

    /// <summary>Uses the token up: Valid (with its person) for exactly one caller; for everyone else why not.</summary>
    public async Task<LinkCheck> SpendAsync(string? token, CancellationToken ct)
    {
        if (!IsWellFormed(token)) return new(LinkState.Malformed);
        var hash = Hash(token!);
        var now = clock.UtcNow;
        var spent = await gate.WriteAsync(() => db.DashboardLogins
            .Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.UsedAt, now), ct), ct);
        if (spent == 0) return await CheckAsync(token, ct);
        var participant = await db.DashboardLogins.AsNoTracking().Where(l => l.TokenHash == hash).Select(l => l.ParticipantId).SingleAsync(ct);
        return new(LinkState.Valid, participant);
    }

    private static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
