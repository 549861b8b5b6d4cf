using System.Diagnostics;

namespace QuizBot.EndToEnd.Support;

/// <summary>
/// A lock held across the test processes of this machine: dotnet test runs the SQLite and the PostgreSQL end-to-end
/// suites at once, and both install into the same places (the emulator's node_modules, Debian's Chromium). It is a
/// file in the temp folder held open without sharing, so a process that dies lets go of it.
/// </summary>
internal static class MachineLock
{
    public static async Task<IDisposable> AcquireAsync(string name, TimeSpan timeout)
    {
        var path = Path.Combine(Path.GetTempPath(), $"quizbot-e2e-{name}.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                await Task.Delay(200);
            }
        }
    }
}
