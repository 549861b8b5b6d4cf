namespace QuizBot.EndToEnd.Support;

/// <summary>The /newround form of a self-paced round of the test bank's commune, as an organizer types it.</summary>
internal static class NewRoundForm
{
    /// <summary>
    /// Open from this minute (or from <paramref name="opensAtUtc"/>, which the form takes to the minute), in Vietnam
    /// time, and closing 20 minutes later: well after any test is done.
    /// </summary>
    public static string Of(string code, string title, int questions, string prediction, DateTime? opensAtUtc = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        var local = TimeZoneInfo.ConvertTimeFromUtc(opensAtUtc ?? DateTime.UtcNow, zone);
        return $"""
            /newround
            mã: {code}
            tên: {title}
            đơn vị: {TestBank.CommuneCode}
            câu hỏi: e2e:{questions}
            giây mỗi câu: 60
            mở: {local:yyyy-MM-dd HH:mm}
            đóng: {local.AddMinutes(20):yyyy-MM-dd HH:mm}
            dự đoán: {prediction}
            giải: 1,1,1,2
            """;
    }
}
