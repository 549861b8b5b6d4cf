using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace QuizBot.Data;

/// <summary>Parameters of the SQL that SQLite and PostgreSQL both run (<see cref="WriteGate.TransactionAsync{T}"/>).</summary>
public static class SqlParameters
{
    /// <summary>A parameter of a command run for many rows: set its value before each run.</summary>
    public static DbParameter Parameter(this DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a parameter with its value.</summary>
    public static void Bind(this DbCommand command, string name, object? value) => command.Parameter(name).Set(value);

    public static void Set(this DbParameter parameter, object? value) => parameter.Value = ValueOf(value);

    /// <summary>Runs the command and reads the first column of every row it returns (the ids an UPDATE … RETURNING took, say).</summary>
    public static async Task<List<T>> ColumnAsync<T>(this DbCommand command, CancellationToken ct)
    {
        var values = new List<T>();
        await using var rows = await command.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct)) values.Add(rows.GetFieldValue<T>(0));
        return values;
    }

    /// <summary>Whether the command runs on PostgreSQL, for the few statements that differ (the rest is written for both).</summary>
    public static bool IsPostgres(this DbCommand command) => command is NpgsqlCommand;

    /// <summary>A list of ints as the column keeps it: a PostgreSQL array, or SQLite's JSON text (EF's primitive collections).</summary>
    public static object Ints(this DbCommand command, IReadOnlyCollection<int> values) =>
        command.IsPostgres() ? values.ToArray() : JsonSerializer.Serialize(values);

    /// <summary>
    /// Null as the database's null. Our times are UTC wherever they come from; PostgreSQL's timestamp with time zone
    /// takes only a time that says so, and SQLite stores the same text either way.
    /// </summary>
    private static object ValueOf(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime { Kind: DateTimeKind.Unspecified } time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => value,
    };
}
