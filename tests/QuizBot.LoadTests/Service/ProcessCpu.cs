using System.Globalization;

namespace QuizBot.LoadTests.Service;

/// <summary>CPU time of processes on this machine, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
public static class ProcessCpu
{
    // The kernel counts in USER_HZ ticks, 100 a second on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds the process has used so far (user + system); NaN once it is gone.</summary>
    public static double Seconds(int pid) => Read(pid) is { } stat ? stat.Own : double.NaN;

    /// <summary>
    /// CPU seconds of a process and its children, those still running and those it has reaped: a PostgreSQL server,
    /// whose backends and workers are all the postmaster's children. NaN once the process is gone.
    /// </summary>
    public static double WithChildrenSeconds(int parent)
    {
        if (Read(parent) is not { } root) return double.NaN;
        var total = root.Own + root.Reaped;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { Parent: var p } child && p == parent)
            {
                total += child.Own + child.Reaped;
            }
        }
        return total;
    }

    private sealed record Stat(int Parent, double Own, double Reaped);

    private static Stat? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The fields after the command name (in parentheses, and it may hold spaces), from the state on:
            // [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Ticks(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture) / TicksPerSecond;
            return new Stat(int.Parse(fields[1], CultureInfo.InvariantCulture), Ticks(11) + Ticks(12), Ticks(13) + Ticks(14));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
