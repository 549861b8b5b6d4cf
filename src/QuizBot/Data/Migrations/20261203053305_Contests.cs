using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class Contests : Migration
    {
        /// <remarks>
        /// The attempts' foreign key to their round is the next migration's alone: SQLite adds one only by rebuilding
        /// the table, which EF runs with foreign keys switched off outside the transaction.
        /// </remarks>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Practice sessions become practice attempts in place, rows and ids kept, so the answers keep pointing at them.
            migrationBuilder.RenameTable(
                name: "PracticeSessions",
                newName: "Attempts");

            migrationBuilder.RenameIndex(
                name: "IX_PracticeSessions_ParticipantId_Status",
                table: "Attempts",
                newName: "IX_Attempts_ParticipantId_Status");

            migrationBuilder.RenameIndex(
                name: "IX_PracticeSessions_Status_CurrentDeadline",
                table: "Attempts",
                newName: "IX_Attempts_Status_CurrentDeadline");

            migrationBuilder.AddColumn<int>(name: "RoundId", table: "Attempts", type: "INTEGER", nullable: true);
            migrationBuilder.AddColumn<int>(name: "Number", table: "Attempts", type: "INTEGER", nullable: false, defaultValue: 1);
            migrationBuilder.AddColumn<int>(name: "SecondsPerQuestion", table: "Attempts", type: "INTEGER", nullable: false, defaultValue: 60);
            migrationBuilder.AddColumn<int>(name: "Prediction", table: "Attempts", type: "INTEGER", nullable: true);

            migrationBuilder.RenameColumn(
                name: "SessionId",
                table: "Answers",
                newName: "AttemptId");

            migrationBuilder.RenameIndex(
                name: "IX_Answers_SessionId",
                table: "Answers",
                newName: "IX_Answers_AttemptId");

            migrationBuilder.RenameIndex(
                name: "IX_Answers_ParticipantId_SessionId_QuestionId",
                table: "Answers",
                newName: "IX_Answers_ParticipantId_AttemptId_QuestionId");

            migrationBuilder.AddColumn<string>(
                name: "Username",
                table: "Participants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingStart",
                table: "Participants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Attachment",
                table: "Outbox",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttachmentName",
                table: "Outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeText",
                table: "Answers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Score",
                table: "Answers",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScoredBy",
                table: "Answers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JudgeScores",
                columns: table => new
                {
                    AnswerId = table.Column<long>(type: "INTEGER", nullable: false),
                    JudgeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    ScoredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JudgeScores", x => new { x.AnswerId, x.JudgeId });
                    table.ForeignKey(
                        name: "FK_JudgeScores_Answers_AnswerId",
                        column: x => x.AnswerId,
                        principalTable: "Answers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JudgeScores_Participants_JudgeId",
                        column: x => x.JudgeId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoleGrants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TelegramUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    GrantedBy = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedBy = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoleGrants_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Rounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    ScopeUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    Blueprint = table.Column<string>(type: "TEXT", nullable: false),
                    QuestionIds = table.Column<string>(type: "TEXT", nullable: false),
                    SecondsPerQuestion = table.Column<int>(type: "INTEGER", nullable: false),
                    OpensAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosesAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    TieBreaks = table.Column<string>(type: "TEXT", nullable: false),
                    Prediction = table.Column<int>(type: "INTEGER", nullable: false),
                    PrizeTiers = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganizerChatId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinalisedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResultsPostedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Rounds_Units_ScopeUnitId",
                        column: x => x.ScopeUnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoundNotices",
                columns: table => new
                {
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipantId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoundNotices", x => new { x.RoundId, x.ParticipantId, x.Kind });
                    table.ForeignKey(
                        name: "FK_RoundNotices_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RoundNotices_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Participants_Username",
                table: "Participants",
                column: "Username");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_RoundId_ParticipantId_Number",
                table: "Attempts",
                columns: new[] { "RoundId", "ParticipantId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JudgeScores_JudgeId",
                table: "JudgeScores",
                column: "JudgeId");

            migrationBuilder.CreateIndex(
                name: "IX_RoleGrants_TelegramUserId_RevokedAt",
                table: "RoleGrants",
                columns: new[] { "TelegramUserId", "RevokedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RoleGrants_UnitId",
                table: "RoleGrants",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_RoundNotices_ParticipantId",
                table: "RoundNotices",
                column: "ParticipantId");

            migrationBuilder.CreateIndex(
                name: "IX_Rounds_Code",
                table: "Rounds",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rounds_ScopeUnitId",
                table: "Rounds",
                column: "ScopeUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Rounds_Status_ClosesAt",
                table: "Rounds",
                columns: new[] { "Status", "ClosesAt" });

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Practice attempts go back to practice sessions; a round's attempts, answers and scores have no place there.
            migrationBuilder.DropTable(name: "JudgeScores");
            migrationBuilder.Sql("""DELETE FROM "Answers" WHERE AttemptId IN (SELECT Id FROM "Attempts" WHERE RoundId IS NOT NULL)""");
            migrationBuilder.Sql("""DELETE FROM "Attempts" WHERE RoundId IS NOT NULL""");

            migrationBuilder.DropIndex(name: "IX_Attempts_RoundId_ParticipantId_Number", table: "Attempts");
            migrationBuilder.DropColumn(name: "RoundId", table: "Attempts");
            migrationBuilder.DropColumn(name: "Number", table: "Attempts");
            migrationBuilder.DropColumn(name: "SecondsPerQuestion", table: "Attempts");
            migrationBuilder.DropColumn(name: "Prediction", table: "Attempts");
            migrationBuilder.RenameIndex(name: "IX_Attempts_ParticipantId_Status", table: "Attempts", newName: "IX_PracticeSessions_ParticipantId_Status");
            migrationBuilder.RenameIndex(name: "IX_Attempts_Status_CurrentDeadline", table: "Attempts", newName: "IX_PracticeSessions_Status_CurrentDeadline");
            migrationBuilder.RenameTable(name: "Attempts", newName: "PracticeSessions");

            migrationBuilder.DropColumn(name: "FreeText", table: "Answers");
            migrationBuilder.DropColumn(name: "Score", table: "Answers");
            migrationBuilder.DropColumn(name: "ScoredBy", table: "Answers");
            migrationBuilder.RenameColumn(name: "AttemptId", table: "Answers", newName: "SessionId");
            migrationBuilder.RenameIndex(name: "IX_Answers_ParticipantId_AttemptId_QuestionId", table: "Answers", newName: "IX_Answers_ParticipantId_SessionId_QuestionId");
            migrationBuilder.RenameIndex(name: "IX_Answers_AttemptId", table: "Answers", newName: "IX_Answers_SessionId");

            migrationBuilder.DropIndex(name: "IX_Participants_Username", table: "Participants");
            migrationBuilder.DropColumn(name: "Username", table: "Participants");
            migrationBuilder.DropColumn(name: "PendingStart", table: "Participants");
            migrationBuilder.DropColumn(name: "Attachment", table: "Outbox");
            migrationBuilder.DropColumn(name: "AttachmentName", table: "Outbox");

            migrationBuilder.DropTable(name: "Audit");
            migrationBuilder.DropTable(name: "RoleGrants");
            migrationBuilder.DropTable(name: "RoundNotices");
            migrationBuilder.DropTable(name: "Rounds");
        }
    }
}
