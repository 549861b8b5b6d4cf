using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace QuizBot.EndToEnd.Support;

/// <summary>Everything a child process printed, in order, kept across restarts for failure messages.</summary>
internal sealed class OutputLog
{
    private readonly List<string> lines = [];

    public void Add(string line)
    {
        lock (lines) lines.Add(line);
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines) return lines.ToArray();
        }
    }

    public string Tail(int count = 60)
    {
        var all = Lines;
        var shown = all.Skip(Math.Max(0, all.Count - count));
        return (all.Count > count ? $"… ({all.Count - count} earlier lines)\n" : "") + string.Join('\n', shown);
    }
}

/// <summary>A child process whose stdout and stderr are captured line by line.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly string name;
    private readonly OutputLog log;

    private ChildProcess(Process process, string name, OutputLog log)
    {
        this.process = process;
        this.name = name;
        this.log = log;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static ChildProcess Start(string name, ProcessStartInfo info, OutputLog log)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Add("[stderr] " + e.Data); };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start {name} ('{info.FileName}'): {e.Message}. Is it installed and on PATH?", e);
        }
        log.Add($"--- {name} started, pid {process.Id}: {info.FileName} {string.Join(' ', info.ArgumentList)}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, name, log);
    }

    /// <summary>Waits for a line of output; fails with the whole output when the process exits or time runs out.</summary>
    public async Task WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (log.Lines.Any(match)) return;
            if (process.HasExited)
            {
                // The last lines may still be in the pipe.
                await process.WaitForExitAsync();
                if (log.Lines.Any(match)) return;
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} before printing {what}. Its output:\n{log.Tail()}");
            }
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{name} did not print {what} within {timeout.TotalSeconds:0} s. Its output:\n{log.Tail()}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the process to end by itself; kills it when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{name} did not finish within {timeout.TotalMinutes:0} minutes. Its output:\n{log.Tail()}");
        }
        return process.ExitCode;
    }

    /// <summary>SIGKILL (on Unix Process.Kill is kill -9): no shutdown hooks, no flushing, like a power cut.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }
        process.WaitForExit(10_000);
        log.Add($"--- {name} (pid {process.Id}) is gone, exit code {(process.HasExited ? process.ExitCode.ToString() : "unknown")}");
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
