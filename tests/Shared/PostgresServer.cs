using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace QuizBot.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server from Debian's packages: <c>initdb</c> into a fresh temp folder, a free loopback port,
/// settings for speed rather than durability (unless started durable), one database per caller. <see cref="DisposeAsync"/>
/// stops it and deletes the folder. Linked into each test project that needs it (not a project of its own), so it needs nothing but Npgsql.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const string DebianRoot = "/usr/lib/postgresql";
    private const int PortAttempts = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // The test hosts' pools together reach about 300 connections.
    private static readonly string[] Settings =
    [
        "listen_addresses = '127.0.0.1'",
        "max_connections = 500",
    ];

    // The tests' data is thrown away, so durability buys nothing.
    private static readonly string[] Fast =
    [
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
    ];

    // PostgreSQL's own defaults, written out: a commit waits for its WAL to reach the disk.
    private static readonly string[] Durable =
    [
        "fsync = on",
        "synchronous_commit = on",
        "full_page_writes = on",
    ];

    private static readonly Lazy<string?> BinFolder = new(FindBinFolder);

    private readonly string binFolder;
    private readonly bool asPostgresUser;
    private readonly bool durable;
    private bool started;
    private bool disposed;

    private PostgresServer(string binFolder, string folder, bool asPostgresUser, bool durable)
    {
        this.binFolder = binFolder;
        this.asPostgresUser = asPostgresUser;
        this.durable = durable;
        Folder = folder;
    }

    /// <summary>Whether <c>initdb</c> and <c>pg_ctl</c> were found (on PATH, else under /usr/lib/postgresql/*/bin).</summary>
    public static bool IsAvailable => BinFolder.Value is not null;

    /// <summary>The temp folder holding the data directory, the unix socket and the server log.</summary>
    public string Folder { get; }

    public int Port { get; private set; }

    /// <summary>The postmaster's process id (from postmaster.pid): its backends are its children.</summary>
    public int ProcessId => int.Parse(File.ReadLines(Path.Combine(DataFolder, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private string DataFolder => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "server.log");

    private string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>A server for tests: fast, as nothing it holds needs to survive a crash.</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(durable: false, cancellationToken);

    /// <param name="durable">fsync, synchronous_commit and full_page_writes on, as a production server runs them: for a
    /// load test, where what a commit costs is part of what is measured.</param>
    public static async Task<PostgresServer> StartAsync(bool durable, CancellationToken cancellationToken = default)
    {
        var binFolder = BinFolder.Value ?? throw new InvalidOperationException(
            "PostgreSQL's server programs (initdb, pg_ctl) are neither on PATH nor under " + DebianRoot + "/*/bin. " +
            "Install Debian's server: apt-get install -y postgresql (.ci/run does this before the tests).");
        // PostgreSQL refuses to run as root; the tests do run as root here, so the server runs as the postgres user.
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser && (await RunAsync(new ProcessStartInfo("id", ["-u", Superuser]), cancellationToken)).ExitCode != 0)
        {
            throw new InvalidOperationException(
                "The tests run as root and PostgreSQL refuses to, but there is no 'postgres' OS user to run it as. " +
                "Debian's postgresql package creates that user: apt-get install -y postgresql.");
        }

        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "quizbot-pg-" + Guid.NewGuid().ToString("N")[..10])).FullName;
        var server = new PostgresServer(binFolder, folder, asPostgresUser, durable);
        try
        {
            if (asPostgresUser) await RunCheckedAsync(new ProcessStartInfo("chown", [Superuser, folder]), cancellationToken);
            await server.InitAsync(cancellationToken);
            await server.StartOnFreePortAsync(cancellationToken);
            await server.WaitUntilAcceptingAsync(cancellationToken);
        }
        catch
        {
            try
            {
                await server.DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // The start's failure is the one to report; the stop's would only hide it.
            }
            throw;
        }
        return server;
    }

    /// <summary>Creates an empty database and returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        // A plain lower-case identifier needs no quoting rules and cannot smuggle SQL into CREATE DATABASE.
        if (!PlainIdentifier().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (a-z, 0-9, _; at most 63 characters, not starting with a digit).", nameof(name));
        }
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= StopOnProcessExit;
        if (started)
        {
            var fast = await RunAsync(ServerTool("pg_ctl", "stop", "-D", DataFolder, "-m", "fast", "-w", "-t", "30"), CancellationToken.None);
            if (fast.ExitCode != 0)
            {
                var immediate = await RunAsync(ServerTool("pg_ctl", "stop", "-D", DataFolder, "-m", "immediate", "-w", "-t", "30"), CancellationToken.None);
                if (immediate.ExitCode != 0)
                {
                    // The folder stays: deleting a running server's files would hide what went wrong.
                    throw new InvalidOperationException($"Could not stop the test PostgreSQL server in {Folder}.\n{fast}\n{immediate}\n{LogTail()}");
                }
            }
            started = false;
        }
        Directory.Delete(Folder, recursive: true);
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        await RunCheckedAsync(
            ServerTool("initdb", "-D", DataFolder, "--auth=trust", "--encoding=UTF8", "--locale=C", $"--username={Superuser}", "--no-sync"),
            cancellationToken);
        // Appended after initdb's own lines, so these win; the socket stays in our folder, away from /run/postgresql.
        await File.AppendAllLinesAsync(Path.Combine(DataFolder, "postgresql.conf"),
            ["", "# QuizBot test server", .. Settings, .. durable ? Durable : Fast, $"unix_socket_directories = '{Folder}'"],
            cancellationToken);
    }

    /// <summary>
    /// A free port can be taken by someone else between our look and the server's bind; then another port is tried.
    /// </summary>
    private async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var logStart = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            var result = await RunAsync(
                ServerTool("pg_ctl", "start", "-D", DataFolder, "-l", LogFile, "-w", "-t", $"{StartTimeout.TotalSeconds:0}", "-o", $"-p {Port}"),
                cancellationToken);
            if (result.ExitCode == 0)
            {
                started = true;
                AppDomain.CurrentDomain.ProcessExit += StopOnProcessExit;
                return;
            }
            var log = LogSince(logStart);
            if (attempt < PortAttempts && log.Contains("Address already in use", StringComparison.Ordinal)) continue;
            throw new InvalidOperationException($"The test PostgreSQL server did not start on port {Port}.\n{result}\nServer log:\n{log}");
        }
    }

    /// <summary>pg_ctl -w has seen the server ready on its socket; this proves the TCP listener a connection string uses.</summary>
    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"The test PostgreSQL server on port {Port} did not accept connections within {StartTimeout.TotalSeconds:0} s.\n{LogTail()}", e);
            }
        }
    }

    /// <summary>A test run that is stopped early (Ctrl+C, a timeout) would otherwise leave a server behind.</summary>
    private void StopOnProcessExit(object? sender, EventArgs e)
    {
        if (!started) return;
        try
        {
            using var process = Process.Start(ServerTool("pg_ctl", "stop", "-D", DataFolder, "-m", "immediate"));
            process?.WaitForExit(10_000);
        }
        catch (Win32Exception)
        {
            // Nothing more can be done while the process ends.
        }
    }

    private static async Task RunCheckedAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        var result = await RunAsync(info, cancellationToken);
        if (result.ExitCode != 0) throw new InvalidOperationException($"Setting up the test PostgreSQL server failed.\n{result}");
    }

    private static async Task<CommandResult> RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run '{info.FileName}': {e.Message}", e);
        }
        // Both pipes are drained together: a full stderr pipe would otherwise stall the program.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new CommandResult(Describe(info), process.ExitCode, await stdout, await stderr);
    }

    /// <summary>initdb or pg_ctl, as the postgres user when we are root.</summary>
    private ProcessStartInfo ServerTool(string tool, params string[] arguments)
    {
        var program = Path.Combine(binFolder, tool);
        // Started from our own folder: a working directory the postgres user cannot read makes initdb complain.
        var info = new ProcessStartInfo { WorkingDirectory = Folder };
        if (asPostgresUser)
        {
            info.FileName = "runuser";
            foreach (var argument in new[] { "-u", Superuser, "--", program }) info.ArgumentList.Add(argument);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }

    private static string? FindBinFolder()
    {
        static bool HasServerPrograms(string folder) =>
            File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerPrograms);
        if (onPath is not null) return onPath;
        if (!Directory.Exists(DebianRoot)) return null;
        // Debian keeps each major version apart (/usr/lib/postgresql/15/bin); the newest one wins.
        return Directory.GetDirectories(DebianRoot)
            .Select(folder => (Bin: Path.Combine(folder, "bin"), Version: ParseVersion(Path.GetFileName(folder))))
            .Where(candidate => candidate.Version is not null && HasServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string LogSince(long offset)
    {
        if (!File.Exists(LogFile)) return "(no server log)";
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }

    private string LogTail(int lines = 40)
    {
        var all = LogSince(0).Split('\n');
        return "Server log (last lines):\n" + string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private static string Describe(ProcessStartInfo info) => string.Join(' ', [info.FileName, .. info.ArgumentList]);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();

    private sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() =>
            $"$ {Command}\nexit code {ExitCode}\n--- stdout:\n{Stdout.TrimEnd()}\n--- stderr:\n{Stderr.TrimEnd()}";
    }
}
