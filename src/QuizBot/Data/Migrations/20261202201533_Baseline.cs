using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QuizBot.Data.Migrations
{
    /// <summary>
    /// Introduces the model snapshot, so that from here on <c>dotnet ef migrations add</c> writes each change. The
    /// three hand-written migrations before it (written by hand while the design package did not restore) stay as
    /// history and already build exactly this model: a database created by them has them in __EFMigrationsHistory
    /// and only records this one, and a fresh database runs all four and gets the same schema.
    /// The tool generated a CREATE of every table here, as it does for a first snapshot; those bodies were
    /// emptied by hand. MigrationSchemaTests holds the proof: no pending model changes, and the schema of a
    /// fresh database equals both the model's and that of a database today's release created.
    /// </summary>
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Empty on purpose: see the summary.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Empty on purpose: the schema before Baseline is the same as after it.
        }
    }
}
