using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace QuizBot.Data.Migrations;

// Written by hand while the EF design-time package did not restore here; kept as history, since deployed databases
// record it. The Baseline migration introduced the model snapshot after it: new migrations are generated.
[DbContext(typeof(QuizBotDb))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "Units",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Code = table.Column<string>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", nullable: false),
                Kind = table.Column<int>(type: "INTEGER", nullable: false),
                ParentId = table.Column<int>(type: "INTEGER", nullable: true),
                FormerDistrict = table.Column<string>(type: "TEXT", nullable: true),
                ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Units", x => x.Id);
                table.ForeignKey("FK_Units_Units_ParentId", x => x.ParentId, "Units", "Id", onDelete: ReferentialAction.Restrict);
            });

        migration.CreateTable(
            name: "Participants",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Transport = table.Column<int>(type: "INTEGER", nullable: false),
                ExternalId = table.Column<long>(type: "INTEGER", nullable: false),
                ChatId = table.Column<long>(type: "INTEGER", nullable: false),
                DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                Language = table.Column<string>(type: "TEXT", nullable: false),
                Step = table.Column<int>(type: "INTEGER", nullable: false),
                UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Participants", x => x.Id);
                table.ForeignKey("FK_Participants_Units_UnitId", x => x.UnitId, "Units", "Id", onDelete: ReferentialAction.Restrict);
            });

        migration.CreateTable(
            name: "Questions",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Key = table.Column<string>(type: "TEXT", nullable: false),
                Version = table.Column<int>(type: "INTEGER", nullable: false),
                ContentHash = table.Column<string>(type: "TEXT", nullable: false),
                Topic = table.Column<string>(type: "TEXT", nullable: false),
                Type = table.Column<int>(type: "INTEGER", nullable: false),
                Difficulty = table.Column<int>(type: "INTEGER", nullable: false),
                Status = table.Column<int>(type: "INTEGER", nullable: false),
                Content = table.Column<string>(type: "TEXT", nullable: false),
                ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                SourceFile = table.Column<string>(type: "TEXT", nullable: false),
                RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Questions", x => x.Id));

        migration.CreateTable(
            name: "PracticeSessions",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ParticipantId = table.Column<int>(type: "INTEGER", nullable: false),
                Transport = table.Column<int>(type: "INTEGER", nullable: false),
                ChatId = table.Column<long>(type: "INTEGER", nullable: false),
                Topic = table.Column<string>(type: "TEXT", nullable: true),
                QuestionIds = table.Column<string>(type: "TEXT", nullable: false),
                ShuffleSeed = table.Column<int>(type: "INTEGER", nullable: false),
                CurrentIndex = table.Column<int>(type: "INTEGER", nullable: false),
                CurrentMessageId = table.Column<int>(type: "INTEGER", nullable: true),
                CurrentDeadline = table.Column<DateTime>(type: "TEXT", nullable: true),
                CurrentAskedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                CurrentSelection = table.Column<string>(type: "TEXT", nullable: false),
                Status = table.Column<int>(type: "INTEGER", nullable: false),
                StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PracticeSessions", x => x.Id);
                table.ForeignKey("FK_PracticeSessions_Participants_ParticipantId", x => x.ParticipantId, "Participants", "Id", onDelete: ReferentialAction.Restrict);
            });

        migration.CreateTable(
            name: "Answers",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ParticipantId = table.Column<int>(type: "INTEGER", nullable: false),
                SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                QuestionId = table.Column<int>(type: "INTEGER", nullable: false),
                Position = table.Column<int>(type: "INTEGER", nullable: false),
                Chosen = table.Column<string>(type: "TEXT", nullable: false),
                IsCorrect = table.Column<bool>(type: "INTEGER", nullable: false),
                TimedOut = table.Column<bool>(type: "INTEGER", nullable: false),
                ElapsedMs = table.Column<int>(type: "INTEGER", nullable: false),
                AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Answers", x => x.Id);
                table.ForeignKey("FK_Answers_Participants_ParticipantId", x => x.ParticipantId, "Participants", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Answers_PracticeSessions_SessionId", x => x.SessionId, "PracticeSessions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Answers_Questions_QuestionId", x => x.QuestionId, "Questions", "Id", onDelete: ReferentialAction.Restrict);
            });

        migration.CreateTable(
            name: "TransportStates",
            columns: table => new
            {
                Key = table.Column<string>(type: "TEXT", nullable: false),
                Value = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_TransportStates", x => x.Key));

        migration.CreateIndex("IX_Units_Code", "Units", "Code", unique: true);
        migration.CreateIndex("IX_Units_ParentId", "Units", "ParentId");
        migration.CreateIndex("IX_Participants_Transport_ExternalId", "Participants", ["Transport", "ExternalId"], unique: true);
        migration.CreateIndex("IX_Participants_UnitId", "Participants", "UnitId");
        migration.CreateIndex("IX_Questions_Key_Version", "Questions", ["Key", "Version"], unique: true);
        migration.CreateIndex("IX_Questions_RetiredAt", "Questions", "RetiredAt");
        migration.CreateIndex("IX_PracticeSessions_ParticipantId_Status", "PracticeSessions", ["ParticipantId", "Status"]);
        migration.CreateIndex("IX_PracticeSessions_Status_CurrentDeadline", "PracticeSessions", ["Status", "CurrentDeadline"]);
        migration.CreateIndex("IX_Answers_ParticipantId_SessionId_QuestionId", "Answers", ["ParticipantId", "SessionId", "QuestionId"], unique: true);
        migration.CreateIndex("IX_Answers_SessionId", "Answers", "SessionId");
        migration.CreateIndex("IX_Answers_QuestionId", "Answers", "QuestionId");
    }

    protected override void Down(MigrationBuilder migration)
    {
        foreach (var table in new[] { "Answers", "PracticeSessions", "Participants", "Questions", "Units", "TransportStates" })
        {
            migration.DropTable(table);
        }
    }
}
