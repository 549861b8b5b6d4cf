using Microsoft.Extensions.Logging.Abstractions;
using QuizBot.Data;

namespace QuizBot.Tests.Infrastructure;

public sealed class GroupCommitTests
{
    /// <summary>
    /// Records added together go into one group even where the group's size limit falls between them, while what
    /// arrives during a write waits for the next one.
    /// </summary>
    [Fact]
    public async Task Records_added_together_are_written_in_one_group_never_split()
    {
        var groups = new List<IReadOnlyList<string>>();
        var firstWrite = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var commit = new GroupCommit<string>(async group =>
        {
            lock (groups) groups.Add(group);
            if (groups.Count == 1)
            {
                firstWrite.SetResult();
                await release.Task;
            }
        }, maxGroup: 2, NullLogger.Instance);

        var first = commit.AddAsync("a", CancellationToken.None);
        await firstWrite.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var single = commit.AddAsync("b", CancellationToken.None);
        var together = commit.AddAllAsync(["c1", "c2", "c3"], CancellationToken.None);
        var after = commit.AddAsync("d", CancellationToken.None);
        release.SetResult();
        await Task.WhenAll(first, single, together, after).WaitAsync(TimeSpan.FromSeconds(5));

        lock (groups)
        {
            Assert.Equal<IEnumerable<string>>([["a"], ["b", "c1", "c2", "c3"], ["d"]], groups);
        }
    }
}
