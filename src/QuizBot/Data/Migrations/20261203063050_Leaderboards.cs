using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class Leaderboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Members",
                table: "Units",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ParticipantTotals",
                columns: table => new
                {
                    ParticipantId = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    Answers = table.Column<int>(type: "INTEGER", nullable: false),
                    Correct = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParticipantTotals", x => new { x.ParticipantId, x.Period, x.Start });
                    table.ForeignKey(
                        name: "FK_ParticipantTotals_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ParticipantTotals_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitTotals",
                columns: table => new
                {
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Participants = table.Column<int>(type: "INTEGER", nullable: false),
                    Answers = table.Column<int>(type: "INTEGER", nullable: false),
                    Correct = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitTotals", x => new { x.UnitId, x.Period, x.Start });
                    table.ForeignKey(
                        name: "FK_UnitTotals_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantTotals_Period_Start_Correct_Answers",
                table: "ParticipantTotals",
                columns: new[] { "Period", "Start", "Correct", "Answers" });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantTotals_UnitId_Period_Start",
                table: "ParticipantTotals",
                columns: new[] { "UnitId", "Period", "Start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ParticipantTotals");

            migrationBuilder.DropTable(
                name: "UnitTotals");

            migrationBuilder.DropColumn(
                name: "Members",
                table: "Units");
        }
    }
}
