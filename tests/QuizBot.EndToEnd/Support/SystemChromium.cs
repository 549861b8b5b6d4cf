using System.Diagnostics;

namespace QuizBot.EndToEnd.Support;

/// <summary>
/// Debian's Chromium (apt-get install chromium), driven by Playwright through ExecutablePath: Playwright's own
/// browser download cannot reach its servers from these machines, so 'playwright install' is never used.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(16);

    /// <summary>
    /// The browser's path; installs it with apt-get when missing and running as root, else fails saying how. Under a
    /// machine lock: the other suite's process may be installing it too, and apt-get allows one at a time.
    /// </summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        using var turn = await MachineLock.AcquireAsync("chromium", InstallTimeout);
        if (File.Exists(ExecutablePath)) return ExecutablePath;
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The web chat test needs Chromium at {ExecutablePath}: run 'sudo apt-get install -y chromium' (as root the test installs it itself).");
        }
        var log = new OutputLog();
        if (await AptGetAsync(log, "install", "-y", "chromium") != 0)
        {
            // A fresh machine may have no package lists yet.
            await AptGetAsync(log, "update");
            await AptGetAsync(log, "install", "-y", "chromium");
        }
        return File.Exists(ExecutablePath)
            ? ExecutablePath
            : throw new InvalidOperationException($"apt-get install -y chromium did not provide {ExecutablePath}. Its output:\n{log.Tail()}");
    }

    private static async Task<int> AptGetAsync(OutputLog log, params string[] args)
    {
        var info = new ProcessStartInfo("apt-get");
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var apt = ChildProcess.Start("apt-get", info, log);
        return await apt.WaitForExitAsync(TimeSpan.FromMinutes(8));
    }
}
