namespace QuizBot.EndToEnd.Support;

/// <summary>A fresh folder per test for the database and the question bank; removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "quizbot-e2e-" + Guid.NewGuid().ToString("N")[..10])).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process that is still closing its files; the OS cleans the temp folder eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
