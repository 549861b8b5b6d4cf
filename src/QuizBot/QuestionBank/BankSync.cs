using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
    WriteGate writeGate,
    QuestionCatalog catalog,
    IOptions<QuestionBankOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<BankSync> log)
{
    private const string DigestKey = "bank:digest";
    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);

    public string Folder => System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);

    /// <summary>
    /// At start-up: when not one byte of the bank changed since the last sync, the questions in the database are
    /// the bank, and only the catalog needs loading.
    /// </summary>
    public async Task<SyncReport> StartAsync(CancellationToken ct)
    {
        var digest = Digest(Folder);
        var stored = await db.TransportStates.AsNoTracking().Where(s => s.Key == DigestKey).Select(s => s.Value).SingleOrDefaultAsync(ct);
        if (stored != digest) return await SyncAsync(ct);

        var errors = new List<BankError>();
        var topicsPath = System.IO.Path.Combine(Folder, BankLoader.TopicsFile);
        var topics = BankParser.ParseTopics(BankLoader.TopicsFile, await File.ReadAllTextAsync(topicsPath, ct), errors);
        catalog.Replace(topics, await db.Questions.AsNoTracking().Where(q => q.RetiredAt == null).OrderBy(q => q.Key).ToListAsync(ct));
        log.LogInformation("Question bank unchanged since it was last loaded: {Served} in service", catalog.Current.Count);
        return new SyncReport(0, 0, 0, 0, errors);
    }

    public async Task<SyncReport> SyncAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var digest = Digest(Folder);
        var bank = BankLoader.Load(Folder);
        var parsed = clock.GetElapsedTime(started);
        foreach (var error in bank.Errors)
        {
            log.LogError("Question bank: {BankError}", error.ToString());
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var units = bank.BrokenFiles.Contains(BankLoader.UnitsFile) ? 0 : await SyncUnitsAsync(bank.Units, ct);

        var topicsBroken = bank.BrokenFiles.Contains(BankLoader.TopicsFile);
        var live = await db.Questions.AsNoTracking().Where(q => q.RetiredAt == null).ToDictionaryAsync(q => q.Key, ct);
        // One query for the last version of every key, rather than one per new question.
        var lastVersions = await db.Questions.GroupBy(q => q.Key).Select(g => new { g.Key, Version = g.Max(q => q.Version) })
            .ToDictionaryAsync(x => x.Key, x => x.Version, ct);
        var inFiles = bank.Questions.ToDictionary(q => q.Id);
        var added = new List<Question>();
        var retired = new List<int>();
        var changedMetadata = new List<Question>();
        var versions = 0;

        // Hashing serialises every question: on all cores, for a first load of a large bank.
        var hashes = bank.Questions.AsParallel().AsOrdered().Select(Hash).ToArray();
        foreach (var (question, hash) in bank.Questions.Zip(hashes))
        {
            if (!live.TryGetValue(question.Id, out var existing))
            {
                var lastVersion = lastVersions.GetValueOrDefault(question.Id);
                added.Add(NewRow(question, hash, lastVersion + 1, now));
                if (lastVersion > 0) versions++;
            }
            else if (existing.ContentHash != hash)
            {
                retired.Add(existing.Id);
                live.Remove(question.Id);
                added.Add(NewRow(question, hash, existing.Version + 1, now));
                versions++;
            }
            else if (WithMetadata(existing, question) is { } updated)
            {
                // Not part of what was asked: these change in place without a new version.
                live[question.Id] = updated;
                changedMetadata.Add(updated);
            }
        }
        foreach (var row in live.Values.ToList())
        {
            var fileBroken = topicsBroken || bank.BrokenFiles.Contains(row.SourceFile);
            if (!inFiles.ContainsKey(row.Key) && !fileBroken)
            {
                retired.Add(row.Id);
                live.Remove(row.Key);
            }
        }

        await writeGate.WriteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (retired.Count > 0) await db.Questions.Where(q => retired.Contains(q.Id)).ExecuteUpdateAsync(q => q.SetProperty(x => x.RetiredAt, now), ct);
            await InsertAsync(added, ct);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var row in changedMetadata) db.Questions.Update(row);
            db.TransportStates.RemoveRange(db.TransportStates.Where(s => s.Key == DigestKey));
            // The digest only stands for a bank that loaded whole; a broken file must be looked at again next start.
            if (bank.IsValid) db.TransportStates.Add(new TransportState { Key = DigestKey, Value = digest });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            return true;
        }, ct);
        db.ChangeTracker.Clear();

        // A broken topics.yaml must not empty the menu: keep the topics in service.
        catalog.Replace(bank.Topics.Count > 0 ? bank.Topics : catalog.Topics, [.. live.Values.Concat(added).OrderBy(q => q.Key)]);
        var addedNew = added.Count - versions;
        log.LogInformation("Question bank synced: {Added} added, {NewVersions} new versions, {Retired} retired, {Served} in service ({ParseMs} ms to read the files, {TotalMs} ms in all)",
            addedNew, versions, retired.Count - versions, catalog.Current.Count, (int)parsed.TotalMilliseconds, (int)clock.GetElapsedTime(started).TotalMilliseconds);
        return new SyncReport(addedNew, versions, retired.Count - versions, units, bank.Errors);
    }

    /// <summary>
    /// New question rows in one prepared statement: a first load of a large bank is thousands of rows, which EF
    /// would insert one command at a time. Values are bound exactly as EF stores them (QuizBotDb's mapping).
    /// </summary>
    private async Task InsertAsync(List<Question> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "Questions" ("Key", "Version", "ContentHash", "Topic", "Type", "Difficulty", "Status", "Content", "ValidFrom", "ValidUntil", "CreatedAt", "SourceFile")
            VALUES (@key, @version, @hash, @topic, @type, @difficulty, @status, @content, @from, @until, @created, @file)
            RETURNING "Id"
            """;
        var parameters = new[] { "@key", "@version", "@hash", "@topic", "@type", "@difficulty", "@status", "@content", "@from", "@until", "@created", "@file" }
            .Select(command.Parameter).ToArray();
        var contents = rows.AsParallel().AsOrdered().Select(row => QuizBotDb.SerializeContent(row.Content)).ToArray();
        foreach (var (row, content) in rows.Zip(contents))
        {
            object?[] values = [row.Key, row.Version, row.ContentHash, row.Topic, (int)row.Type, row.Difficulty, (int)row.Status,
                content, row.ValidFrom, row.ValidUntil, row.CreatedAt, row.SourceFile];
            for (var i = 0; i < values.Length; i++) parameters[i].Set(values[i]);
            row.Id = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A copy with the bank's metadata, or null when nothing differs.</summary>
    private static Question? WithMetadata(Question row, BankQuestion q)
    {
        if (row.Topic == q.Topic && row.Difficulty == q.Difficulty && row.Status == q.Status && row.ValidFrom == q.ValidFrom
            && row.ValidUntil == q.ValidUntil && row.SourceFile == q.Location.File)
        {
            return null;
        }
        row.Topic = q.Topic;
        row.Difficulty = q.Difficulty;
        row.Status = q.Status;
        row.ValidFrom = q.ValidFrom;
        row.ValidUntil = q.ValidUntil;
        row.SourceFile = q.Location.File;
        return row;
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
            row.Members = unit.Members;
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
        db.ChangeTracker.Clear();
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

    /// <summary>Every bank file's name and bytes, hashed: equal digests mean an identical bank.</summary>
    internal static string Digest(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(System.IO.Path.GetRelativePath(folder, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
