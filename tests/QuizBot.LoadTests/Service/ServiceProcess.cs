using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuizBot.LoadTests.Service;

/// <summary>Where the service is and how every start of it is configured.</summary>
/// <param name="Assembly">quizbot.dll from the Release build of src/QuizBot.</param>
public sealed record ServiceSettings(string Assembly, string RepositoryRoot)
{
    public string DefaultBank => Path.Combine(RepositoryRoot, "question-bank");
}

/// <summary>
/// The real service as a child process (<c>dotnet quizbot.dll</c>) configured only through environment
/// variables, in a working folder of its own so no appsettings.json of the repository is read.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process process;
    private readonly List<string> problems = [];
    private readonly Lock gate = new();
    private int warnings, errors;
    private int afterHeader;

    private ServiceProcess(Process process, long spawnedAt, int port)
    {
        this.process = process;
        SpawnedAt = spawnedAt;
        Port = port;
    }

    public long SpawnedAt { get; }

    public int Port { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code (137 after SIGKILL from outside), or null while it runs.</summary>
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public int Warnings => warnings;

    public int Errors => errors;

    /// <summary>When the service printed that its web server listens.</summary>
    public long? ListeningAt { get; private set; }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (gate) return problems.ToList();
        }
    }

    public static ServiceProcess Start(ServiceSettings settings, string workFolder, string database, string bank,
        string apiBaseUrl, string token, IReadOnlyDictionary<string, string>? extra = null, int? port = null) =>
        Start(settings, workFolder, ServiceDatabase.Sqlite(database), bank, apiBaseUrl, token, extra, port);

    public static ServiceProcess Start(ServiceSettings settings, string workFolder, ServiceDatabase database, string bank,
        string apiBaseUrl, string token, IReadOnlyDictionary<string, string>? extra = null, int? port = null)
    {
        var listenPort = port ?? FreePort();
        var info = Dotnet(settings, workFolder);
        var environment = new Dictionary<string, string>(database.Environment)
        {
            ["Telegram__BotToken"] = token,
            ["Telegram__ApiBaseUrl"] = apiBaseUrl,
            ["QuestionBank__Path"] = bank,
            ["QuestionBank__Watch"] = "false",
            ["Urls"] = $"http://127.0.0.1:{listenPort}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) environment[key] = value;
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var spawnedAt = RunClock.Now;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var service = new ServiceProcess(process, spawnedAt, listenPort);
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>`dotnet quizbot.dll` in <paramref name="workFolder"/>, its output captured.</summary>
    private static ProcessStartInfo Dotnet(ServiceSettings settings, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(settings.Assembly);
        return info;
    }

    /// <summary>Runs an admin verb of the service (such as <c>migrate</c>) to its end.</summary>
    public static async Task RunVerbAsync(ServiceSettings settings, string workFolder, string database, params string[] verb)
    {
        var info = Dotnet(settings, workFolder);
        foreach (var word in verb) info.ArgumentList.Add(word);
        info.Environment["ConnectionStrings__QuizBot"] = $"Data Source={database}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"quizbot {string.Join(' ', verb)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    /// <summary>Waits for the bot to be ready (<paramref name="ready"/>), failing early if the process dies.</summary>
    public async Task<long> WaitReadyAsync(Task<long> ready, TimeSpan timeout)
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready, exited, Task.Delay(timeout));
        if (first == ready) return await ready;
        if (first == exited)
        {
            // Let the output readers catch up with the last lines.
            await Task.Delay(200);
            throw new ServiceFailedException($"the service exited with {process.ExitCode} before it was ready: {string.Join(" | ", Problems.TakeLast(5))}");
        }
        throw new ServiceFailedException($"the service was not ready within {timeout.TotalSeconds:F0} s: {string.Join(" | ", Problems.TakeLast(5))}");
    }

    /// <summary>VmHWM: the most resident memory the process has had, in MiB.</summary>
    public double? PeakRssMb() => ReadStatusKb("VmHWM") / 1024.0;

    public double? RssMb() => ReadStatusKb("VmRSS") / 1024.0;

    /// <summary>CPU seconds the service has used so far (user + system).</summary>
    public double CpuSeconds() => ProcessCpu.Seconds(process.Id);

    private double? ReadStatusKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
                var number = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return double.Parse(number, CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        if (ListeningAt is null && line.StartsWith("QuizBot web chat:", StringComparison.Ordinal)) ListeningAt = RunClock.Now;
        var warning = line.StartsWith("warn:", StringComparison.Ordinal);
        var error = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)
            || line.StartsWith("QuizBot cannot start", StringComparison.Ordinal) || line.StartsWith("Unhandled exception", StringComparison.Ordinal);
        if (warning) Interlocked.Increment(ref warnings);
        if (error) Interlocked.Increment(ref errors);
        lock (gate)
        {
            // The console logger writes "warn: Category[0]", the message on the next line and an exception's text
            // after it: keep the header, the message and the exception's first lines.
            var message = !warning && !error && afterHeader > 0;
            afterHeader = warning || error ? 3 : Math.Max(0, afterHeader - 1);
            if ((warning || error || message) && problems.Count < 200) problems.Add(line.Trim());
        }
    }

    /// <summary>Asks the service to stop (SIGTERM, as systemd does) and waits; kills it if it will not.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        _ = kill(process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL, as kill -9 or a power cut: no shutdown code of the service runs.</summary>
    /// <returns>When the process was gone.</returns>
    public async Task<long> KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return RunClock.Now;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    /// <summary>A loopback port free right now (the service binds it a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

public sealed class ServiceFailedException(string message) : Exception(message);
