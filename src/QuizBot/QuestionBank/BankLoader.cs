namespace QuizBot.QuestionBank;

/// <summary>
/// Everything read from a bank folder, with what was wrong in it: errors keep a file out of service, warnings are
/// advice and keep nothing out.
/// </summary>
public sealed record LoadedBank(
    IReadOnlyList<Topic> Topics,
    IReadOnlyList<BankQuestion> Questions,
    IReadOnlyList<BankUnit> Units,
    IReadOnlyList<BankError> Errors,
    IReadOnlySet<string> BrokenFiles,
    IReadOnlyList<BankError> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Reads and checks a whole bank folder. Pure: touches no database.</summary>
public static class BankLoader
{
    public const string TopicsFile = "topics.yaml";
    public const string UnitsFile = "org-units.yaml";

    public static LoadedBank Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"the question bank folder '{folder}' does not exist");
        }
        var errors = new List<BankError>();
        string Name(string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');

        var topicsPath = Path.Combine(folder, TopicsFile);
        var topics = File.Exists(topicsPath)
            ? BankParser.ParseTopics(TopicsFile, File.ReadAllText(topicsPath), errors)
            : [];
        if (!File.Exists(topicsPath)) errors.Add(new BankError(new SourceLocation(TopicsFile, 1), "topics.yaml is missing: it lists the topics questions belong to"));

        var unitsPath = Path.Combine(folder, UnitsFile);
        var units = File.Exists(unitsPath) ? OrgUnitParser.Parse(UnitsFile, File.ReadAllText(unitsPath), errors) : [];

        var topicIds = topics.Select(t => t.Id).ToHashSet();
        var questions = new List<BankQuestion>();
        var firstSeen = new Dictionary<string, BankQuestion>();
        var questionFiles = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(folder, "*.yml", SearchOption.AllDirectories))
            .Select(Name)
            .Where(name => name is not TopicsFile and not UnitsFile)
            .Order(StringComparer.Ordinal);
        // Files parse in parallel (YAML parsing is most of a large bank's load time); results merge in file order.
        var parsed = questionFiles.ToList().AsParallel().AsOrdered().Select(name =>
        {
            var fileErrors = new List<BankError>();
            var fileWarnings = new List<BankError>();
            var found = BankParser.ParseQuestions(name, File.ReadAllText(Path.Combine(folder, name)), topicIds, fileErrors, fileWarnings);
            return (found, fileErrors, fileWarnings);
        }).ToList();
        var warnings = new List<BankError>();
        foreach (var (found, fileErrors, fileWarnings) in parsed)
        {
            errors.AddRange(fileErrors);
            warnings.AddRange(fileWarnings);
            foreach (var question in found)
            {
                if (firstSeen.TryGetValue(question.Id, out var first))
                {
                    errors.Add(new BankError(question.Location, $"duplicate id '{question.Id}' (first defined at {first.Location})"));
                    continue;
                }
                firstSeen.Add(question.Id, question);
                questions.Add(question);
            }
        }

        var broken = errors.Select(e => e.Location.File).ToHashSet();
        return new LoadedBank(topics, questions, units, errors, broken, warnings);
    }
}
