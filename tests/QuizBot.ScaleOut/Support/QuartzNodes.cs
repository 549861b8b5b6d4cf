using System.Text.RegularExpressions;
using QuizBot.EndToEnd.Support;

namespace QuizBot.ScaleOut.Support;

/// <summary>
/// The instances' Quartz schedulers as the shared store sees them: which process is which cluster node (each logs
/// its instance id when its scheduler is initialized), and which node has acquired a trigger to fire it (Quartz's
/// own fired-triggers table, under the default QRTZ_ prefix the product's store is provisioned with).
/// </summary>
internal static partial class QuartzNodes
{
    /// <summary>The setting that makes each instance log its scheduler's instance id (Quartz logs only warnings otherwise).</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["Logging__LogLevel__Quartz"] = "Information",
    };

    /// <summary>The Quartz instance id of each instance, by its place in the cluster's list.</summary>
    public static async Task<IReadOnlyList<string>> IdsAsync(ScaleOutCluster cluster, TimeSpan timeout)
    {
        var ids = new List<string>();
        foreach (var instance in cluster.Instances)
        {
            await instance.WaitForLogAsync("' initialized", timeout);
            var line = instance.Log.Lines.First(l => Initialized().IsMatch(l));
            ids.Add(Initialized().Match(line).Groups["id"].Value);
        }
        return ids;
    }

    /// <summary>The node that has acquired the trigger (its fired-trigger row, state ACQUIRED), or null while none has.</summary>
    public static async Task<string?> AcquiredByAsync(TestDatabase database, string triggerName) =>
        (await database.QueryAsync("SELECT instance_name FROM qrtz_fired_triggers WHERE trigger_name = @trigger AND state = 'ACQUIRED'",
            r => r.GetString(0), ("@trigger", triggerName))).FirstOrDefault();

    [GeneratedRegex("with instanceId '(?<id>[^']+)' initialized")]
    private static partial Regex Initialized();
}
