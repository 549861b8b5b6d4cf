namespace QuizBot.Tests.Support;

/// <summary>A small, known question bank in a temporary folder, so tests never depend on the real bank's content.</summary>
public sealed class TestBank : IDisposable
{
    public const string Topics = """
        topics:
          - id: charter
            name: { vi: Điều lệ Đảng, en: The Charter }
          - id: cells
            name: { vi: Sinh hoạt chi bộ, en: Cell meetings }
        """;

    public const string Units = """
        units:
          - code: P1
            name: Đảng bộ tỉnh Thử
            kind: province
            children:
              - code: P1-C1
                name: Đảng bộ xã Một
                kind: commune
                former_district: Huyện Cũ
                children:
                  - code: P1-C1-CB1
                    name: Chi bộ thôn Một
                    kind: cell
                  - code: P1-C1-CB2
                    name: Chi bộ thôn Hai
                    kind: cell
        """;

    public const string Charter = """
        topic: charter
        questions:
          - id: charter-001
            type: single
            difficulty: 1
            status: reviewed
            text: { vi: Chi bộ họp thường lệ bao lâu một lần?, en: How often does a cell meet? }
            options:
              - { vi: Mỗi tháng một lần, en: Once a month }
              - { vi: Mỗi quý một lần, en: Once a quarter }
              - { vi: Mỗi năm một lần, en: Once a year }
            answer: A
            explanation: { vi: Điều 24 Điều lệ Đảng., en: Charter article 24. }
            source: Điều lệ Đảng (2011), Điều 24
          - id: charter-002
            type: truefalse
            difficulty: 1
            status: reviewed
            text: { vi: Chi bộ có ít nhất 3 đảng viên chính thức., en: A cell has at least 3 full members. }
            answer: true
            explanation: { vi: Điều lệ Đảng., en: The Charter. }
            source: Điều lệ Đảng (2011)
          - id: charter-003
            type: multi
            difficulty: 2
            status: draft
            text: { vi: Hình thức kỷ luật đảng viên dự bị?, en: Disciplinary forms for a probationary member? }
            options:
              - { vi: Khiển trách, en: Reprimand }
              - { vi: Cảnh cáo, en: Warning }
              - { vi: Khai trừ, en: Expulsion }
            answer: [A, B]
            explanation: { vi: Quy định 69 Điều 7., en: Regulation 69 art. 7. }
            source: Quy định 69-QĐ/TW (06/7/2022), Điều 7
        """;

    public const string Cells = """
        topic: cells
        questions:
          - id: cells-001
            type: single
            difficulty: 1
            status: reviewed
            text: { vi: Chi bộ họp vào ngày nào hằng tháng?, en: On which day do cells meet each month? }
            options:
              - { vi: Ngày 1, en: The 1st }
              - { vi: Ngày 3, en: The 3rd }
              - { vi: Ngày 15, en: The 15th }
            answer: B
            explanation: { vi: Chỉ thị 50-CT/TW., en: Directive 50-CT/TW. }
            source: Chỉ thị 50-CT/TW (23/7/2025)
          - id: cells-002
            type: single
            difficulty: 2
            status: reviewed
            text: { vi: Sinh hoạt chi bộ kéo dài tối thiểu bao lâu?, en: How long must a cell meeting last at least? }
            options:
              - { vi: 60 phút, en: 60 minutes }
              - { vi: 90 phút, en: 90 minutes }
              - { vi: 120 phút, en: 120 minutes }
            answer: B
            explanation: { vi: Hướng dẫn 42-HD/BTCTW., en: Instruction 42-HD/BTCTW. }
            source: Hướng dẫn 42-HD/BTCTW (28/10/2025)
        """;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "quizbot-bank-" + Guid.NewGuid().ToString("N")[..8]);

    public TestBank()
    {
        Directory.CreateDirectory(Folder);
        Write("topics.yaml", Topics);
        Write("org-units.yaml", Units);
        Write("charter.yaml", Charter);
        Write("cells.yaml", Cells);
    }

    public void Write(string file, string yaml) => File.WriteAllText(Path.Combine(Folder, file), yaml);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
