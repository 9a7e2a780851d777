using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DriftRunComputation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Computation",
                table: "drift_runs",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Computation",
                table: "drift_runs");
        }
    }
}
