using System.Diagnostics;

namespace QuizBot.EndToEnd.Support;

/// <summary>telegram-test-api (emulator/server.js) in a node process of its own, on a free port.</summary>
internal sealed class TelegramEmulator : IDisposable
{
    private readonly ChildProcess process;

    private TelegramEmulator(ChildProcess process, Uri baseUrl, OutputLog log)
    {
        this.process = process;
        BaseUrl = baseUrl;
        Log = log;
    }

    public Uri BaseUrl { get; }

    public OutputLog Log { get; }

    public static async Task<TelegramEmulator> StartAsync()
    {
        await NodePackages.EnsureInstalledAsync();
        var port = FreePort.Next();
        var log = new OutputLog();
        var info = new ProcessStartInfo("node") { WorkingDirectory = Repository.EmulatorFolder };
        // Without this flag one malformed request from the bot kills the emulator mid-test.
        info.ArgumentList.Add("--unhandled-rejections=warn");
        info.ArgumentList.Add("server.js");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = ChildProcess.Start("telegram-test-api", info, log);
        try
        {
            await process.WaitForLineAsync(line => line.StartsWith("telegram-test-api listening on", StringComparison.Ordinal),
                "its ready line", TimeSpan.FromSeconds(20));
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new TelegramEmulator(process, new Uri($"http://127.0.0.1:{port}/"), log);
    }

    public void Dispose() => process.Dispose();
}

/// <summary>
/// Installs the emulator's npm packages when a fresh clone has none, so a plain dotnet test works; the other suite's
/// process may be installing them at the same moment, so the look and the install are one step under a machine lock.
/// </summary>
internal static class NodePackages
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(4);

    private static string Marker => Path.Combine(Repository.EmulatorFolder, "node_modules", "telegram-test-api", "package.json");

    public static async Task EnsureInstalledAsync()
    {
        using var turn = await MachineLock.AcquireAsync("npm", InstallTimeout);
        if (File.Exists(Marker)) return;
        var log = new OutputLog();
        var info = new ProcessStartInfo("npm") { WorkingDirectory = Repository.EmulatorFolder };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" }) info.ArgumentList.Add(arg);
        using var npm = ChildProcess.Start("npm ci", info, log);
        var exitCode = await npm.WaitForExitAsync(InstallTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {Repository.EmulatorFolder} failed with exit code {exitCode}. Its output:\n{log.Tail()}");
        }
        if (!File.Exists(Marker))
        {
            throw new InvalidOperationException($"npm ci in {Repository.EmulatorFolder} did not install telegram-test-api. Its output:\n{log.Tail()}");
        }
    }
}
