using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.QuestionBank;
using QuizBot.Registration;

namespace QuizBot.Roles;

/// <summary>
/// Who may do what: admins from <c>Admins:TelegramUserIds</c>, organizers and judges from their grants, each for
/// a unit and everything below it. Roles belong to Telegram accounts; the web chat is anonymous and holds none.
/// </summary>
public sealed class RoleBook(QuizBotDb db, UnitTree units, IOptions<AdminOptions> admins) : IRoleCheck
{
    public bool IsAdmin(Participant participant) => admins.Value.IsAdmin(participant);

    /// <summary>Whether the participant holds the role anywhere (admins hold every role); the router's check.</summary>
    public async Task<bool> HoldsAsync(Participant participant, Role role, CancellationToken ct)
    {
        if (role == Role.Everyone || IsAdmin(participant)) return true;
        if (role == Role.Admin || participant.Transport != Transport.Telegram) return false;
        var granted = Granted(role);
        return await ActiveGrants(participant.ExternalId).AnyAsync(g => g.Role == granted, ct);
    }

    /// <summary>Whether the participant holds the role for this unit: granted on it or on a unit above it.</summary>
    public async Task<bool> HoldsForAsync(Participant participant, Role role, int unitId, CancellationToken ct)
    {
        if (IsAdmin(participant)) return true;
        if (role is Role.Everyone) return true;
        if (role is Role.Admin || participant.Transport != Transport.Telegram) return false;
        var granted = Granted(role);
        var grantUnits = await ActiveGrants(participant.ExternalId).Where(g => g.Role == granted).Select(g => g.UnitId).ToListAsync(ct);
        if (grantUnits.Count == 0) return false;
        return (await units.AncestorIdsAsync(unitId, ct)).Any(grantUnits.Contains);
    }

    /// <summary>The units the participant organizes (or judges), for listing their rounds; null: all (an admin).</summary>
    public async Task<IReadOnlyList<int>?> UnitsAsync(Participant participant, Role role, CancellationToken ct)
    {
        if (IsAdmin(participant)) return null;
        var granted = Granted(role);
        return await ActiveGrants(participant.ExternalId).Where(g => g.Role == granted).Select(g => g.UnitId).ToListAsync(ct);
    }

    private IQueryable<RoleGrant> ActiveGrants(long telegramUserId) =>
        db.RoleGrants.AsNoTracking().Where(g => g.TelegramUserId == telegramUserId && g.RevokedAt == null);

    private static GrantedRole Granted(Role role) => role switch
    {
        Role.Organizer => GrantedRole.Organizer,
        Role.Judge => GrantedRole.Judge,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a granted role"),
    };
}
