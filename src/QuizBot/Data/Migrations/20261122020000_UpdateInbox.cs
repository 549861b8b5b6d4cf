using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace QuizBot.Data.Migrations;

// Written by hand, like Initial: updates are confirmed to Telegram once stored, so they keep their payload; an
// outbox row names the update that queued it.
[DbContext(typeof(QuizBotDb))]
[Migration("20261122020000_UpdateInbox")]
public sealed class UpdateInbox : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.AddColumn<string>(name: "Payload", table: "ProcessedUpdates", type: "TEXT", nullable: true);
        migration.AddColumn<int>(name: "UpdateId", table: "Outbox", type: "INTEGER", nullable: true);
        migration.CreateIndex("IX_Outbox_UpdateId", "Outbox", "UpdateId");
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropIndex("IX_Outbox_UpdateId", "Outbox");
        migration.DropColumn(name: "UpdateId", table: "Outbox");
        migration.DropColumn(name: "Payload", table: "ProcessedUpdates");
    }
}
