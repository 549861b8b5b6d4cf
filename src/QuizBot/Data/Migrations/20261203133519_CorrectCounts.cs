using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class CorrectCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CorrectCounts",
                columns: table => new
                {
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Correct = table.Column<int>(type: "INTEGER", nullable: false),
                    Participants = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CorrectCounts", x => new { x.Period, x.Start, x.Correct });
                });

            // The ladder of a database that already keeps totals, from those totals.
            migrationBuilder.Sql("""
                INSERT INTO "CorrectCounts" ("Period", "Start", "Correct", "Participants")
                SELECT "Period", "Start", "Correct", COUNT(*) FROM "ParticipantTotals" GROUP BY "Period", "Start", "Correct";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CorrectCounts");
        }
    }
}
