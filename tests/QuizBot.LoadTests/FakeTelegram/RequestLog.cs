using System.Collections.Concurrent;
using System.Globalization;

namespace QuizBot.LoadTests.FakeTelegram;

/// <param name="ReceivedAt">When the request's body had been read.</param>
/// <param name="AnsweredAt">When its answer had been written.</param>
/// <param name="Items">getUpdates: updates returned; otherwise 0.</param>
public readonly record struct RequestRecord(long ReceivedAt, long AnsweredAt, string Method, long ChatId, int Status, int Items);

/// <summary>Every Bot API request the service made, with timestamps.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> records = new();

    public void Add(RequestRecord record) => records.Enqueue(record);

    public IReadOnlyList<RequestRecord> Snapshot() => records.ToArray();

    public void WriteCsv(string path, long epoch)
    {
        using var file = new StreamWriter(path);
        file.WriteLine("received_ms,answered_ms,method,chat_id,status,items");
        foreach (var r in records.OrderBy(r => r.ReceivedAt))
        {
            file.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{RunClock.Ms(epoch, r.ReceivedAt):F3},{RunClock.Ms(epoch, r.AnsweredAt):F3},{r.Method},{r.ChatId},{r.Status},{r.Items}"));
        }
    }
}
