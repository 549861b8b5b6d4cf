using System.Text;
using QuizBot.QuestionBank;
using QuizBot.QuestionBank.Formats;
using static QuizBot.Tests.QuestionBank.FormatSupport;

namespace QuizBot.Tests.QuestionBank;

public sealed class CsvFormatTests
{
    private static readonly CsvFormat Csv = new();

    private const string Header =
        "id,topic,type,difficulty,status,text_vi,text_en,option_a_vi,option_a_en,option_b_vi,option_b_en,option_c_vi,option_c_en," +
        "option_d_vi,option_d_en,option_e_vi,option_e_en,option_f_vi,option_f_en,answer,explanation_vi,explanation_en,source," +
        "valid_from,valid_until,tags,model_answer_vi,model_answer_en,guidance_vi,guidance_en";

    [Fact]
    public void An_export_starts_with_the_utf8_byte_order_mark_and_the_header()
    {
        using var stream = new MemoryStream();
        Csv.Write(TestBankQuestions(), "vi", stream);
        var bytes = stream.ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith(Header + "\r\n", text);
        Assert.Contains("charter-003,charter,multi,2,draft,Hình thức kỷ luật đảng viên dự bị?,", text);
        Assert.Contains(",A;B,", text);
    }

    [Fact]
    public void An_export_reads_back_as_the_same_questions_in_both_languages()
    {
        var questions = TestBankQuestions();

        var csv = Export(Csv, questions, "vi", out var leftOut);
        var read = Read(Csv, csv, topic: "cells");

        Assert.Empty(leftOut);
        Assert.Empty(read.Errors);
        Assert.Equal(questions.Select(Canonical), read.Questions.Select(i => Canonical(i.Question)));
    }

    [Fact]
    public void Rows_are_reported_at_their_lines_with_what_is_wrong()
    {
        var csv = $"""
            {Header}
            q-1,charter,single,1,reviewed,Câu?,Question?,Một,One,Hai,Two,,,,,,,,,B,Vì.,Because.,Nguồn,,,,,,,
            q-2,charter,essay,1,reviewed,Câu?,Question?,,,,,,,,,,,,,,Vì.,Because.,Nguồn,,,,,,,
            q-3,charter,single,x,reviewed,"Câu
            trên hai dòng?",Question?,Một,One,,,Ba,Three,,,,,,,A,Vì.,Because.,Nguồn,19/01/2011,,,,,,
            q-4,charter,truefalse,1,draft,Câu?,Question?,,,,,,,,,,,,,yes,Vì.,Because.,Nguồn,,,,,,,
            """;

        var read = Read(Csv, csv);

        Assert.Equal(
        [
            "sample.csv:3: type 'essay' must be one of single, multi, truefalse, text",
            "sample.csv:4: difficulty 'x' must be 1, 2 or 3",
            "sample.csv:4: option B is empty but a later option is not",
            "sample.csv:4: valid_from '19/01/2011' must be a date written YYYY-MM-DD (format the column as text if a spreadsheet rewrites it)",
            "sample.csv:6: the answer of a truefalse question is true or false, not 'yes'",
        ], read.Errors.Select(e => e.ToString()));
        Assert.Equal("q-1", Assert.Single(read.Questions).Question.Id);
    }

    [Fact]
    public void A_spreadsheet_saved_with_semicolons_and_missing_optional_columns_is_read()
    {
        const string csv = """
            id;type;difficulty;status;text_vi;text_en;option_a_vi;option_a_en;option_b_vi;option_b_en;answer;explanation_vi;explanation_en;source
            ;single;2;draft;Chi bộ họp mấy lần một tháng?;How often does a cell meet a month?;Một;Once;Hai;Twice;a;Chỉ thị 50.;Directive 50.;Chỉ thị 50-CT/TW
            """;

        var read = Read(Csv, "\uFEFF" + csv);

        Assert.Empty(read.Errors);
        var question = Assert.Single(read.Questions).Question;
        Assert.Equal("", question.Id);
        Assert.Equal("charter", question.Topic);
        Assert.Equal([0], question.Content.Answer);
        Assert.Equal("Twice", question.Content.Options[1].En);
    }

    [Fact]
    public void An_unknown_or_missing_column_is_reported_on_the_header_line()
    {
        var read = Read(Csv, "id,type,text,answer\nq-1,single,Câu?,A\n");

        Assert.Equal(
        [
            "sample.csv:1: unknown column 'text' (expected: " + Header.Replace(",", ", ") + ")",
            "sample.csv:1: missing columns: difficulty, status, text_vi, text_en, explanation_vi, explanation_en, source",
        ], read.Errors.Select(e => e.ToString()));
        Assert.Empty(read.Questions);
    }
}
