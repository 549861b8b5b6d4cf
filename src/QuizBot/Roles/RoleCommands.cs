using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuizBot.Conversation;
using QuizBot.Data;
using QuizBot.QuestionBank;

namespace QuizBot.Roles;

public static class RoleExtensions
{
    public static IServiceCollection AddRoles(this IServiceCollection services)
    {
        services.AddScoped<RoleBook>();
        services.AddScoped<IRoleCheck>(sp => sp.GetRequiredService<RoleBook>());
        services.AddScoped<AuditLog>();
        services.AddCommand<GrantHandler>("grant",
            new("Giao quyền: /grant @tên|id organizer|judge MÃ_ĐƠN_VỊ", "Grant a role: /grant @user|id organizer|judge UNIT_CODE"), Role.Admin, order: 210);
        services.AddCommand<RevokeHandler>("revoke",
            new("Thu hồi quyền: /revoke @tên|id organizer|judge MÃ_ĐƠN_VỊ", "Revoke a role: /revoke @user|id organizer|judge UNIT_CODE"), Role.Admin, order: 211);
        return services;
    }
}

/// <summary>Appends who did what to roles, rounds and scores; nothing is ever updated or deleted here.</summary>
public sealed class AuditLog(QuizBotDb db, TimeProvider clock)
{
    /// <summary>Adds the entry to the unit of work; it is written with the change it describes.</summary>
    public void Add(long actor, string action, object details) =>
        db.Audit.Add(new AuditEntry { At = clock.GetUtcNow().UtcDateTime, Actor = actor, Action = action, Details = JsonSerializer.Serialize(details) });
}

/// <summary>The parsed arguments of /grant and /revoke: who, which role, which unit.</summary>
internal sealed record RoleArguments(Participant Person, GrantedRole Role, Unit Unit)
{
    public static async Task<RoleArguments?> ParseAsync(ConversationContext context, QuizBotDb db, string arguments, CancellationToken ct)
    {
        var t = RoleTexts.For(context.Participant.Language);
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 3)
        {
            await context.ReplyAsync(t.Usage, ct);
            return null;
        }
        GrantedRole? role = words[1].ToLowerInvariant() switch { "organizer" => GrantedRole.Organizer, "judge" => GrantedRole.Judge, _ => null };
        if (role is null)
        {
            await context.ReplyAsync(t.UnknownRole(Html.Escape(Short(words[1]))), ct);
            return null;
        }
        var person = await FindPersonAsync(db, words[0], ct);
        if (person is null)
        {
            await context.ReplyAsync(t.UnknownPerson(Html.Escape(Short(words[0]))), ct);
            return null;
        }
        var code = words[2].ToUpperInvariant();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, ct);
        if (unit is null)
        {
            await context.ReplyAsync(t.UnknownUnit(Html.Escape(Short(words[2]))), ct);
            return null;
        }
        return new RoleArguments(person, role.Value, unit);
    }

    /// <summary>@username as last seen by the bot, or a Telegram user id; only people who have written to the bot.</summary>
    private static Task<Participant?> FindPersonAsync(QuizBotDb db, string who, CancellationToken ct)
    {
        var telegram = db.Participants.AsNoTracking().Where(p => p.Transport == Transport.Telegram);
        if (who.StartsWith('@') && who.Length > 1)
        {
            var name = who[1..];
            return telegram.FirstOrDefaultAsync(p => p.Username == name, ct);
        }
        return long.TryParse(who, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? telegram.FirstOrDefaultAsync(p => p.ExternalId == id, ct)
            : Task.FromResult<Participant?>(null);
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>/grant @user|id organizer|judge UNIT (admins only).</summary>
public sealed class GrantHandler(QuizBotDb db, AuditLog audit, TimeProvider clock) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (await RoleArguments.ParseAsync(context, db, arguments, ct) is not { } args) return;
        var t = RoleTexts.For(context.Participant.Language);
        var userId = args.Person.ExternalId;
        var held = await db.RoleGrants.AnyAsync(g => g.TelegramUserId == userId && g.Role == args.Role && g.UnitId == args.Unit.Id && g.RevokedAt == null, ct);
        if (!held)
        {
            db.RoleGrants.Add(new RoleGrant
            {
                TelegramUserId = userId, Role = args.Role, UnitId = args.Unit.Id,
                GrantedBy = context.Update.From.Id, GrantedAt = clock.GetUtcNow().UtcDateTime,
            });
            audit.Add(context.Update.From.Id, "role.grant", new { user = userId, role = args.Role.ToString(), unit = args.Unit.Code });
            await db.SaveChangesAsync(ct);
        }
        await context.ReplyAsync(held
            ? t.AlreadyHeld(Html.Escape(args.Person.DisplayName), t.RoleName(args.Role), Html.Escape(args.Unit.Name))
            : t.Granted(Html.Escape(args.Person.DisplayName), t.RoleName(args.Role), Html.Escape(args.Unit.Name)), ct);
    }
}

/// <summary>/revoke @user|id organizer|judge UNIT (admins only). The grant is kept, marked revoked.</summary>
public sealed class RevokeHandler(QuizBotDb db, AuditLog audit, TimeProvider clock) : ICommandHandler
{
    public async Task HandleAsync(ConversationContext context, string arguments, CancellationToken ct)
    {
        if (await RoleArguments.ParseAsync(context, db, arguments, ct) is not { } args) return;
        var t = RoleTexts.For(context.Participant.Language);
        var userId = args.Person.ExternalId;
        var grants = await db.RoleGrants.Where(g => g.TelegramUserId == userId && g.Role == args.Role && g.UnitId == args.Unit.Id && g.RevokedAt == null).ToListAsync(ct);
        foreach (var grant in grants) (grant.RevokedAt, grant.RevokedBy) = (clock.GetUtcNow().UtcDateTime, context.Update.From.Id);
        if (grants.Count > 0)
        {
            audit.Add(context.Update.From.Id, "role.revoke", new { user = userId, role = args.Role.ToString(), unit = args.Unit.Code });
            await db.SaveChangesAsync(ct);
        }
        await context.ReplyAsync(grants.Count > 0
            ? t.Revoked(Html.Escape(args.Person.DisplayName), t.RoleName(args.Role), Html.Escape(args.Unit.Name))
            : t.NotHeld(Html.Escape(args.Person.DisplayName), t.RoleName(args.Role), Html.Escape(args.Unit.Name)), ct);
    }
}

public sealed class RoleTexts
{
    public required string Usage { get; init; }
    public required Func<string, string> UnknownRole { get; init; }
    public required Func<string, string> UnknownPerson { get; init; }
    public required Func<string, string> UnknownUnit { get; init; }
    public required Func<string, string, string, string> Granted { get; init; }
    public required Func<string, string, string, string> AlreadyHeld { get; init; }
    public required Func<string, string, string, string> Revoked { get; init; }
    public required Func<string, string, string, string> NotHeld { get; init; }
    public required string Organizer { get; init; }
    public required string Judge { get; init; }

    public string RoleName(GrantedRole role) => role == GrantedRole.Organizer ? Organizer : Judge;

    public static RoleTexts For(string language) => language == Languages.English ? English : Vietnamese;

    private static readonly RoleTexts Vietnamese = new()
    {
        Usage = "Cách dùng: <code>/grant @tên organizer|judge MÃ_ĐƠN_VỊ</code> (hoặc id Telegram thay cho @tên); <code>/revoke</code> cũng vậy.",
        UnknownRole = r => $"Không có quyền <b>{r}</b>: chỉ <code>organizer</code> (ban tổ chức) hoặc <code>judge</code> (giám khảo).",
        UnknownPerson = p => $"Chưa thấy <b>{p}</b>: người đó cần nhắn cho bot một lần (ví dụ /start) trước khi được giao quyền.",
        UnknownUnit = u => $"Không có đơn vị mã <b>{u}</b>.",
        Granted = (p, r, u) => $"Đã giao quyền <b>{r}</b> cho {p} tại {u} (và các đơn vị trực thuộc).",
        AlreadyHeld = (p, r, u) => $"{p} đã có quyền <b>{r}</b> tại {u}; không thay đổi gì.",
        Revoked = (p, r, u) => $"Đã thu hồi quyền <b>{r}</b> của {p} tại {u}.",
        NotHeld = (p, r, u) => $"{p} không có quyền <b>{r}</b> tại {u}; không thay đổi gì.",
        Organizer = "ban tổ chức",
        Judge = "giám khảo",
    };

    private static readonly RoleTexts English = new()
    {
        Usage = "Usage: <code>/grant @user organizer|judge UNIT_CODE</code> (or a Telegram id instead of @user); <code>/revoke</code> likewise.",
        UnknownRole = r => $"There is no role <b>{r}</b>: only <code>organizer</code> or <code>judge</code>.",
        UnknownPerson = p => $"I have not seen <b>{p}</b>: they need to message the bot once (e.g. /start) before a role can be granted.",
        UnknownUnit = u => $"There is no unit with code <b>{u}</b>.",
        Granted = (p, r, u) => $"Granted <b>{r}</b> to {p} for {u} (and the units under it).",
        AlreadyHeld = (p, r, u) => $"{p} already holds <b>{r}</b> for {u}; nothing changed.",
        Revoked = (p, r, u) => $"Revoked <b>{r}</b> from {p} for {u}.",
        NotHeld = (p, r, u) => $"{p} does not hold <b>{r}</b> for {u}; nothing changed.",
        Organizer = "organizer",
        Judge = "judge",
    };
}
