using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class RoundBoards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ParticipantTotals_Period_Start_Correct_Answers",
                table: "ParticipantTotals");

            migrationBuilder.DropIndex(
                name: "IX_ParticipantTotals_UnitId_Period_Start",
                table: "ParticipantTotals");

            migrationBuilder.CreateTable(
                name: "BoardRounds",
                columns: table => new
                {
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    CountedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Answers = table.Column<int>(type: "INTEGER", nullable: false),
                    Participants = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardRounds", x => x.RoundId);
                    table.ForeignKey(
                        name: "FK_BoardRounds_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantTotals_Period_Start_Correct_Answers_UnitId",
                table: "ParticipantTotals",
                columns: new[] { "Period", "Start", "Correct", "Answers", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantTotals_UnitId_Period_Start_Correct_Answers",
                table: "ParticipantTotals",
                columns: new[] { "UnitId", "Period", "Start", "Correct", "Answers" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BoardRounds");

            migrationBuilder.DropIndex(
                name: "IX_ParticipantTotals_Period_Start_Correct_Answers_UnitId",
                table: "ParticipantTotals");

            migrationBuilder.DropIndex(
                name: "IX_ParticipantTotals_UnitId_Period_Start_Correct_Answers",
                table: "ParticipantTotals");

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantTotals_Period_Start_Correct_Answers",
                table: "ParticipantTotals",
                columns: new[] { "Period", "Start", "Correct", "Answers" });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantTotals_UnitId_Period_Start",
                table: "ParticipantTotals",
                columns: new[] { "UnitId", "Period", "Start" });
        }
    }
}
