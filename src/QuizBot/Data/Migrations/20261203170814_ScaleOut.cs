using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScaleOut : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrderKey",
                table: "ProcessedUpdates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Instance",
                table: "Outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChatClaims",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Instance = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatClaims", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Instances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Instances", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedUpdates_Instance",
                table: "ProcessedUpdates",
                column: "Instance",
                filter: "\"Done\" = FALSE");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedUpdates_OrderKey_Done",
                table: "ProcessedUpdates",
                columns: new[] { "OrderKey", "Done" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatClaims");

            migrationBuilder.DropTable(
                name: "Instances");

            migrationBuilder.DropIndex(
                name: "IX_ProcessedUpdates_Instance",
                table: "ProcessedUpdates");

            migrationBuilder.DropIndex(
                name: "IX_ProcessedUpdates_OrderKey_Done",
                table: "ProcessedUpdates");

            migrationBuilder.DropColumn(
                name: "OrderKey",
                table: "ProcessedUpdates");

            migrationBuilder.DropColumn(
                name: "Instance",
                table: "Outbox");
        }
    }
}
