using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExplanationBackground : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "ExplanationBackground",
                table: "model_versions",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExplanationBackground",
                table: "model_versions");
        }
    }
}
