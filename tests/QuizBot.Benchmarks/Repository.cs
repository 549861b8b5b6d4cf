using System.Reflection;

namespace QuizBot.Benchmarks;

internal static class Repository
{
    /// <summary>The repository this project was built in (for the real question-bank folder).</summary>
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string QuestionBank => Path.Combine(Root, "question-bank");
}
