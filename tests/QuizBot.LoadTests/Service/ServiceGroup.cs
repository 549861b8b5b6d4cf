namespace QuizBot.LoadTests.Service;

/// <summary>The instances of the service in one run, on one database; most runs have one.</summary>
/// <param name="startupSeconds">Each instance's seconds from process start to ready.</param>
public sealed class ServiceGroup(IReadOnlyList<ServiceProcess> instances, IReadOnlyList<double> startupSeconds) : IAsyncDisposable
{
    public IReadOnlyList<ServiceProcess> Instances => instances;

    public IReadOnlyList<double> StartupSeconds => startupSeconds;

    public ServiceProcess First => instances[0];

    public bool AnyExited => instances.Any(i => i.HasExited);

    public int Warnings => instances.Sum(i => i.Warnings);

    public int Errors => instances.Sum(i => i.Errors);

    /// <summary>Each instance's log problems, marked with its number when there are several.</summary>
    public IReadOnlyList<string> Problems => instances.Count == 1
        ? instances[0].Problems
        : instances.SelectMany((instance, i) => instance.Problems.Select(line => $"[{i + 1}] {line}")).ToList();

    /// <summary>CPU seconds each instance has used so far.</summary>
    public double[] CpuSeconds() => instances.Select(i => i.CpuSeconds()).ToArray();

    public double?[] PeakRssMb() => instances.Select(i => i.PeakRssMb()).ToArray();

    /// <summary>All stopped together, as a deployment stops them.</summary>
    public Task StopAsync() => Task.WhenAll(instances.Select(i => i.StopAsync()));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var instance in instances) await instance.DisposeAsync();
    }
}
