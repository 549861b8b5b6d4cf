namespace QuizBot.QuestionBank;

/// <summary>A text in both languages QuizBot speaks.</summary>
public sealed record LocalizedText(string Vi, string En)
{
    public string For(string language) => language == Languages.English ? En : Vi;
}

public static class Languages
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    public static bool IsSupported(string code) => code is Vietnamese or English;
}
