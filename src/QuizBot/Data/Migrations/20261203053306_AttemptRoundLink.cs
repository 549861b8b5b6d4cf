using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <summary>
    /// Only the attempts' foreign key to their round: SQLite adds it by rebuilding Attempts (rows copied, ids kept),
    /// which EF runs with foreign keys switched off and so outside a transaction. Alone in its migration, an
    /// interrupted run leaves the earlier migrations complete and this one simply runs again.
    /// </summary>
    public partial class AttemptRoundLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "FK_Attempts_Rounds_RoundId",
                table: "Attempts",
                column: "RoundId",
                principalTable: "Rounds",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(name: "FK_Attempts_Rounds_RoundId", table: "Attempts");
        }
    }
}
