namespace QuizBot.EndToEnd.Support;

/// <summary>Where things are: the repository these tests were built from, and the service built beside them.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The emulator's source folder; its node_modules is installed there, not in the build output.</summary>
    public static string EmulatorFolder => Path.Combine(Root, "tests", "QuizBot.EndToEnd", "emulator");

    /// <summary>The project reference puts the built service next to the test assembly.</summary>
    public static string ServiceAssembly => Path.Combine(AppContext.BaseDirectory, "quizbot.dll");

    /// <summary>
    /// Screenshots and other artefacts for a person to look at (git-ignored), in the running test project's own folder:
    /// the SQLite and the PostgreSQL suite take the same screenshots at the same time.
    /// </summary>
    public static string ResultsFolder => Directory.CreateDirectory(Path.Combine(Root, "tests", typeof(Repository).Assembly.GetName().Name!, "TestResults")).FullName;

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "QuizBot.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No folder holding QuizBot.sln above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
