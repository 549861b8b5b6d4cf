using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace QuizBot.LoadTests.Reporting;

/// <summary>
/// A thread-time profile of the service taken with dotnet-trace (when it is installed as a global tool) during the
/// unpaced window, and what it says: how much thread time waits in SQLite's busy retry, how much runs on a CPU,
/// and which QuizBot methods those belong to.
/// </summary>
public sealed class ThreadTimeProfile
{
    private readonly Process process;
    private readonly string output;

    private ThreadTimeProfile(Process process, string output)
    {
        this.process = process;
        this.output = output;
    }

    public static ThreadTimeProfile? Start(int pid, TimeSpan duration, string output, Action<string> progress)
    {
        var tool = new[] { Environment.GetEnvironmentVariable("PATH") ?? "" }
            .SelectMany(p => p.Split(Path.PathSeparator))
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"))
            .Select(folder => Path.Combine(folder, "dotnet-trace"))
            .FirstOrDefault(File.Exists);
        if (tool is null)
        {
            progress("--trace: dotnet-trace is not installed (dotnet tool install -g dotnet-trace); no profile taken");
            return null;
        }
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
            "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture), "-o", output, "--format", "Speedscope",
        })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        progress($"profiling the service for {duration.TotalSeconds:F0} s into {output}");
        return new ThreadTimeProfile(process, output);
    }

    /// <summary>Waits for the trace and reads it; empty when it could not be taken.</summary>
    public async Task<IReadOnlyList<string>> SummariseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return ["the profile did not finish in time"];
        }
        var speedscope = Path.ChangeExtension(output, ".speedscope.json");
        return File.Exists(speedscope) ? Summarise(speedscope) : [$"no {speedscope} was written"];
    }

    /// <summary>Attributes sampled thread time of a speedscope file (dotnet-trace's evented profiles, one per thread).</summary>
    public static IReadOnlyList<string> Summarise(string speedscopePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(speedscopePath));
        var names = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? "").ToArray();
        double total = 0, busySleep = 0, cpu = 0;
        var busyBy = new Dictionary<string, double>();
        var cpuBy = new Dictionary<string, double>();
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            if (profile.GetProperty("type").GetString() != "evented") continue;
            var stack = new List<int>();
            double? last = null;
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                if (stack.Count > 0 && last is { } previous)
                {
                    var span = at - previous;
                    total += span;
                    var frames = stack.Select(i => names[i]).ToList();
                    if (frames.Any(f => f.Contains("Thread.Sleep", StringComparison.Ordinal)) && frames.Any(f => f.StartsWith("Microsoft.Data.Sqlite!", StringComparison.Ordinal)))
                    {
                        busySleep += span;
                        Add(busyBy, Caller(frames), span);
                    }
                    if (frames[^1] == "CPU_TIME")
                    {
                        cpu += span;
                        Add(cpuBy, Caller(frames), span);
                    }
                }
                last = at;
                var frame = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O") stack.Add(frame);
                else if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
            }
        }
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"thread time sampled: {total / 1000:F1} s; on a CPU: {cpu / 1000:F1} s; asleep in Microsoft.Data.Sqlite's busy retry (Thread.Sleep 150 ms on SQLITE_BUSY): {busySleep / 1000:F1} s"),
            "busy-retry sleep by QuizBot caller:",
        };
        lines.AddRange(busyBy.OrderByDescending(x => x.Value).Take(8).Select(x => string.Create(c, $"  {100 * x.Value / Math.Max(1, busySleep),5:F1} %  {x.Key}")));
        lines.Add("CPU time by QuizBot caller:");
        lines.AddRange(cpuBy.OrderByDescending(x => x.Value).Take(8).Select(x => string.Create(c, $"  {100 * x.Value / Math.Max(1, cpu),5:F1} %  {x.Key}")));
        return lines;
    }

    private static void Add(Dictionary<string, double> into, string key, double value) => into[key] = into.GetValueOrDefault(key) + value;

    /// <summary>The innermost QuizBot method on the stack (async state machines shown by their method name).</summary>
    private static string Caller(List<string> frames)
    {
        var own = frames.LastOrDefault(f => f.StartsWith("quizbot!", StringComparison.Ordinal));
        if (own is null) return "(no QuizBot frame: runtime, Kestrel, HttpClient)";
        var name = own["quizbot!".Length..];
        var paren = name.IndexOf('(');
        if (paren > 0) name = name[..paren];
        // QuizBot.Practice.QuestionRunner+<AskAsync>d__16.MoveNext → QuizBot.Practice.QuestionRunner.AskAsync
        var open = name.IndexOf("+<", StringComparison.Ordinal);
        if (open > 0)
        {
            var close = name.IndexOf('>', open);
            if (close > open) name = name[..open] + "." + name[(open + 2)..close];
        }
        return name;
    }
}
