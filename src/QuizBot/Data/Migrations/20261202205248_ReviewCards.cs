using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReviewCards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReviewCards",
                columns: table => new
                {
                    ParticipantId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionKey = table.Column<string>(type: "TEXT", nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    Stability = table.Column<double>(type: "REAL", nullable: false),
                    Difficulty = table.Column<double>(type: "REAL", nullable: false),
                    Due = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastReview = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reps = table.Column<int>(type: "INTEGER", nullable: false),
                    Lapses = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewCards", x => new { x.ParticipantId, x.QuestionKey });
                    table.ForeignKey(
                        name: "FK_ReviewCards_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewCards_ParticipantId_Due",
                table: "ReviewCards",
                columns: new[] { "ParticipantId", "Due" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReviewCards");
        }
    }
}
