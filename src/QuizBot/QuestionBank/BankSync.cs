using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuizBot.Data;

namespace QuizBot.QuestionBank;

public sealed class QuestionBankOptions
{
    public string Path { get; set; } = "question-bank";

    /// <summary>Reload when a file in the folder changes.</summary>
    public bool Watch { get; set; } = true;
}

public sealed record SyncReport(int Added, int NewVersions, int Retired, int Units, IReadOnlyList<BankError> Errors);

/// <summary>
/// Brings the database in line with the bank files by stable id. A changed question gets a new version, a
/// vanished one is retired, never deleted; a file with errors is left exactly as it was last loaded.
/// </summary>
public sealed class BankSync(
    QuizBotDb db,
    QuestionCatalog catalog,
    IOptions<QuestionBankOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<BankSync> log)
{
    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);

    public string Folder => System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);

    public async Task<SyncReport> SyncAsync(CancellationToken ct)
    {
        var bank = BankLoader.Load(Folder);
        foreach (var error in bank.Errors)
        {
            log.LogError("Question bank: {BankError}", error.ToString());
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var units = bank.BrokenFiles.Contains(BankLoader.UnitsFile) ? 0 : await SyncUnitsAsync(bank.Units, ct);

        var topicsBroken = bank.BrokenFiles.Contains(BankLoader.TopicsFile);
        var live = await db.Questions.Where(q => q.RetiredAt == null).ToDictionaryAsync(q => q.Key, ct);
        // One query for the last version of every key, rather than one per new question.
        var lastVersions = await db.Questions.GroupBy(q => q.Key).Select(g => new { g.Key, Version = g.Max(q => q.Version) })
            .ToDictionaryAsync(x => x.Key, x => x.Version, ct);
        var inFiles = bank.Questions.ToDictionary(q => q.Id);
        int added = 0, versions = 0, retired = 0;

        foreach (var question in bank.Questions)
        {
            var hash = Hash(question);
            if (!live.TryGetValue(question.Id, out var existing))
            {
                var lastVersion = lastVersions.GetValueOrDefault(question.Id);
                db.Questions.Add(NewRow(question, hash, lastVersion + 1, now));
                if (lastVersion == 0) added++; else versions++;
            }
            else if (existing.ContentHash != hash)
            {
                existing.RetiredAt = now;
                db.Questions.Add(NewRow(question, hash, existing.Version + 1, now));
                versions++;
            }
            else
            {
                // Not part of what was asked: these change in place without a new version.
                existing.Topic = question.Topic;
                existing.Difficulty = question.Difficulty;
                existing.Status = question.Status;
                existing.ValidFrom = question.ValidFrom;
                existing.ValidUntil = question.ValidUntil;
                existing.SourceFile = question.Location.File;
            }
        }
        foreach (var row in live.Values)
        {
            var fileBroken = topicsBroken || bank.BrokenFiles.Contains(row.SourceFile);
            if (!inFiles.ContainsKey(row.Key) && !fileBroken)
            {
                row.RetiredAt = now;
                retired++;
            }
        }
        await db.SaveChangesAsync(ct);
        await RefreshCatalogAsync(bank.Topics, ct);
        log.LogInformation("Question bank synced: {Added} added, {NewVersions} new versions, {Retired} retired, {Served} in service",
            added, versions, retired, catalog.Current.Count);
        return new SyncReport(added, versions, retired, units, bank.Errors);
    }

    private async Task RefreshCatalogAsync(IReadOnlyList<Topic> topics, CancellationToken ct)
    {
        var questions = await db.Questions.AsNoTracking().Where(q => q.RetiredAt == null).OrderBy(q => q.Key).ToListAsync(ct);
        // A broken topics.yaml must not empty the menu: keep the topics in service.
        catalog.Replace(topics.Count > 0 ? topics : catalog.Topics, questions);
    }

    private async Task<int> SyncUnitsAsync(IReadOnlyList<BankUnit> units, CancellationToken ct)
    {
        var rows = await db.Units.ToDictionaryAsync(u => u.Code, ct);
        foreach (var unit in units)
        {
            if (!rows.TryGetValue(unit.Code, out var row))
            {
                row = new Unit { Code = unit.Code, Name = unit.Name };
                db.Units.Add(row);
                rows.Add(unit.Code, row);
            }
            row.Name = unit.Name;
            row.Kind = unit.Kind;
            row.FormerDistrict = unit.FormerDistrict;
            row.ValidFrom = unit.ValidFrom;
            row.ValidUntil = unit.ValidUntil;
            row.SortOrder = unit.Order;
        }
        await db.SaveChangesAsync(ct);
        foreach (var unit in units)
        {
            rows[unit.Code].ParentId = unit.ParentCode is null ? null : rows[unit.ParentCode].Id;
        }
        await db.SaveChangesAsync(ct);
        return units.Count;
    }

    private static Question NewRow(BankQuestion q, string hash, int version, DateTime now) => new()
    {
        Key = q.Id,
        Version = version,
        ContentHash = hash,
        Topic = q.Topic,
        Type = q.Type,
        Difficulty = q.Difficulty,
        Status = q.Status,
        Content = q.Content,
        ValidFrom = q.ValidFrom,
        ValidUntil = q.ValidUntil,
        SourceFile = q.Location.File,
        CreatedAt = now,
    };

    /// <summary>The hash of what a person is asked and how it is scored.</summary>
    internal static string Hash(BankQuestion q)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { q.Type, q.Content }, HashJson);
        return Convert.ToHexStringLower(SHA256.HashData(json))[..32];
    }
}
