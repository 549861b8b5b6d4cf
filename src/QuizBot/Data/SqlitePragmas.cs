using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace QuizBot.Data;

/// <summary>
/// synchronous=NORMAL on every connection: with the WAL journal a commit then survives a crash or kill of the
/// process (only a power cut can lose the last commits), and it no longer waits for the disk on every answer.
/// Pragmas belong to the physical connection, which the driver's pool keeps open across many logical opens, so
/// they are set once per physical connection rather than on every open.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // busy_timeout: another process writing (the migrate verb, a backup) is waited for inside SQLite.
    // wal_autocheckpoint: 10,000 pages (40 MB) rather than 1,000, as a backstop: the service checkpoints the log
    // itself, beside the writers (WalCheckpoints).
    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 10000;";

    private readonly ConditionalWeakTable<sqlite3, object> prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsPrepared(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (IsPrepared(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
        Remember(connection);
    }

    private bool IsPrepared(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && prepared.TryGetValue(handle, out _);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) prepared.AddOrUpdate(handle, this);
    }
}
