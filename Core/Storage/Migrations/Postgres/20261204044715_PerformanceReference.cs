using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PerformanceReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PerformanceReferenceJson",
                table: "model_versions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PerformanceReferenceJson",
                table: "model_versions");
        }
    }
}
