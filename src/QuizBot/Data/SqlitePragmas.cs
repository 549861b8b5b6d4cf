using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QuizBot.Data;

/// <summary>
/// synchronous=NORMAL on every connection: with the WAL journal a commit then survives a crash or kill of the
/// process (only a power cut can lose the last commits), and it no longer waits for the disk on every answer.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // busy_timeout: another process writing (the migrate verb, a backup) is waited for inside SQLite.
    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }
}
