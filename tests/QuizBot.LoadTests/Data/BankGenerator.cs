using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace QuizBot.LoadTests.Data;

/// <summary>
/// Writes a bank folder of <c>count</c> valid single-choice questions spread over the real bank's topics, with the
/// real topics.yaml and org-units.yaml beside them (see question-bank/README.md for the format).
/// </summary>
public static partial class BankGenerator
{
    public static void Generate(string realBank, string folder, int count)
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(realBank, "topics.yaml"), Path.Combine(folder, "topics.yaml"), overwrite: true);
        File.Copy(Path.Combine(realBank, "org-units.yaml"), Path.Combine(folder, "org-units.yaml"), overwrite: true);
        var topics = TopicId().Matches(File.ReadAllText(Path.Combine(realBank, "topics.yaml"))).Select(m => m.Groups[1].Value).ToList();
        if (topics.Count == 0) throw new InvalidOperationException("topics.yaml of the real bank lists no topics");

        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t];
            var yaml = new StringBuilder();
            yaml.Append("topic: ").Append(topic).Append("\nquestions:\n");
            // Questions t, t + topics, t + 2·topics … so the files together hold exactly `count`.
            for (var n = t; n < count; n += topics.Count)
            {
                var i = n.ToString("D5", CultureInfo.InvariantCulture);
                var answer = (char)('A' + n % 4);
                yaml.Append(CultureInfo.InvariantCulture, $"""
                      - id: load-{topic}-{i}
                        type: single
                        difficulty: {1 + n % 3}
                        status: reviewed
                        text:
                          vi: "Câu hỏi kiểm tải số {i} thuộc chủ đề {topic}: phương án nào đúng?"
                          en: "Load-test question {i} on {topic}: which option is right?"
                        options:
                          - vi: "Phương án một của câu {i}"
                            en: "Option one of question {i}"
                          - vi: "Phương án hai của câu {i}"
                            en: "Option two of question {i}"
                          - vi: "Phương án ba của câu {i}"
                            en: "Option three of question {i}"
                          - vi: "Phương án bốn của câu {i}"
                            en: "Option four of question {i}"
                        answer: {answer}
                        explanation:
                          vi: "Đáp án đúng của câu {i} là phương án {answer}; câu hỏi được sinh tự động để đo thời gian khởi động."
                          en: "The right answer to question {i} is option {answer}; the question was generated to measure start-up time."
                        source: "Sinh tự động bởi bộ kiểm tải (tests/QuizBot.LoadTests)"

                    """);
            }
            File.WriteAllText(Path.Combine(folder, $"load-{topic}.yaml"), yaml.ToString());
        }
    }

    [GeneratedRegex(@"^\s*-\s*id:\s*([A-Za-z0-9-]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TopicId();
}
