using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace QuizBot.Data.Migrations;

// Written by hand, like Initial: the outbox of outbound Telegram messages and the record of handled updates.
[DbContext(typeof(QuizBotDb))]
[Migration("20261122010000_TelegramDelivery")]
public sealed class TelegramDelivery : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "Outbox",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ChatId = table.Column<long>(type: "INTEGER", nullable: false),
                Kind = table.Column<int>(type: "INTEGER", nullable: false),
                MessageId = table.Column<int>(type: "INTEGER", nullable: true),
                Text = table.Column<string>(type: "TEXT", nullable: false),
                ReplyMarkup = table.Column<string>(type: "TEXT", nullable: true),
                Status = table.Column<int>(type: "INTEGER", nullable: false),
                Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                Error = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Outbox", x => x.Id));

        migration.CreateTable(
            name: "ProcessedUpdates",
            columns: table => new
            {
                UpdateId = table.Column<int>(type: "INTEGER", nullable: false),
                Instance = table.Column<string>(type: "TEXT", nullable: false),
                Done = table.Column<bool>(type: "INTEGER", nullable: false),
                ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ProcessedUpdates", x => x.UpdateId));

        migration.CreateIndex("IX_Outbox_Status_Id", "Outbox", ["Status", "Id"]);
        migration.CreateIndex("IX_ProcessedUpdates_ReceivedAt", "ProcessedUpdates", "ReceivedAt");
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("Outbox");
        migration.DropTable("ProcessedUpdates");
    }
}
