using System.Net;
using System.Net.Sockets;
using Npgsql;
using QuizBot.Tests.Support;
using QuizBot.TestSupport;

namespace QuizBot.Tests.Infrastructure;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_new_database_keeps_a_row_written_to_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        await using var connection = await OpenAsync(connectionString);
        await ExecuteAsync(connection, "CREATE TABLE questions (id int PRIMARY KEY, text text NOT NULL)");
        await ExecuteAsync(connection, "INSERT INTO questions VALUES (7, 'Chi bộ là gì?')");

        Assert.Equal("Chi bộ là gì?", await ScalarAsync(connection, "SELECT text FROM questions WHERE id = 7"));
    }

    [Fact]
    public async Task Two_databases_do_not_share_tables()
    {
        var first = await postgres.CreateDatabaseAsync();
        var second = await postgres.CreateDatabaseAsync();

        await using var one = await OpenAsync(first);
        await using var other = await OpenAsync(second);
        await ExecuteAsync(one, "CREATE TABLE rounds (id int)");
        await ExecuteAsync(other, "CREATE TABLE rounds (id int)");
        await ExecuteAsync(one, "INSERT INTO rounds VALUES (1), (2)");

        Assert.NotEqual(await ScalarAsync(one, "SELECT current_database()"), await ScalarAsync(other, "SELECT current_database()"));
        Assert.Equal(2L, await ScalarAsync(one, "SELECT count(*) FROM rounds"));
        Assert.Equal(0L, await ScalarAsync(other, "SELECT count(*) FROM rounds"));
    }

    [Fact]
    public async Task The_server_listens_on_loopback_with_test_speed_settings()
    {
        await using var connection = await OpenAsync(await postgres.CreateDatabaseAsync());

        Assert.Equal("127.0.0.1", await ScalarAsync(connection, "SHOW listen_addresses"));
        Assert.Equal("off", await ScalarAsync(connection, "SHOW fsync"));
        Assert.Equal("off", await ScalarAsync(connection, "SHOW synchronous_commit"));
        Assert.Equal("off", await ScalarAsync(connection, "SHOW full_page_writes"));
        Assert.True(int.Parse((string)(await ScalarAsync(connection, "SHOW max_connections"))!) >= 300);
        Assert.Equal("UTF8", await ScalarAsync(connection, "SHOW server_encoding"));
        Assert.Equal("C", await ScalarAsync(connection, "SHOW lc_collate"));
        Assert.Equal(postgres.Server.Folder, await ScalarAsync(connection, "SHOW unix_socket_directories"));
    }

    [Theory]
    [InlineData("Quiz")]
    [InlineData("quiz\"; DROP DATABASE postgres; --")]
    [InlineData("1st")]
    public async Task A_database_name_that_is_not_a_plain_identifier_is_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => postgres.Server.CreateDatabaseAsync(name));
    }

    internal static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>Its own server, not the shared one: this test stops it.</summary>
public sealed class PostgresServerLifetimeTests
{
    [Fact]
    public async Task After_dispose_the_port_refuses_connections_and_the_folder_is_gone()
    {
        var server = await PostgresServer.StartAsync();
        var (port, folder) = (server.Port, server.Folder);
        var connectionString = await server.CreateDatabaseAsync("lifetime");
        await using (var connection = await PostgresServerTests.OpenAsync(connectionString))
        {
            Assert.Equal(1, await PostgresServerTests.ScalarAsync(connection, "SELECT 1"));
        }
        Assert.True(Directory.Exists(Path.Combine(folder, "data")));

        await server.DisposeAsync();

        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_durable_server_waits_for_the_disk_on_commit()
    {
        await using var server = await PostgresServer.StartAsync(durable: true);
        await using var connection = await PostgresServerTests.OpenAsync(await server.CreateDatabaseAsync("durable"));

        Assert.Equal("on", await PostgresServerTests.ScalarAsync(connection, "SHOW fsync"));
        Assert.Equal("on", await PostgresServerTests.ScalarAsync(connection, "SHOW synchronous_commit"));
        Assert.Equal("on", await PostgresServerTests.ScalarAsync(connection, "SHOW full_page_writes"));
    }

    [Fact]
    public async Task The_process_id_is_the_parent_of_its_backends()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var connection = await PostgresServerTests.OpenAsync(await server.CreateDatabaseAsync("backends"));

        var backend = (int)(await PostgresServerTests.ScalarAsync(connection, "SELECT pg_backend_pid()"))!;
        // /proc/<pid>/stat: "pid (name) state ppid …"
        var stat = await File.ReadAllTextAsync($"/proc/{backend}/stat");
        Assert.Equal(server.ProcessId, int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]));
    }

    [Fact]
    public void The_server_programs_are_installed()
    {
        // CI installs Debian's postgresql (.ci/run); without it the PostgreSQL tests must fail, not be skipped.
        Assert.True(PostgresServer.IsAvailable, "initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql/*/bin.");
    }
}
