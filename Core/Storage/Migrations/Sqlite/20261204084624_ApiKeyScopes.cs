using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiKeyScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Scopes",
                table: "api_keys",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Keys made before scopes could do everything: they keep every scope, so no job breaks on upgrade.
            migrationBuilder.Sql("UPDATE api_keys SET \"Scopes\" = 'ingest,read,admin';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Scopes",
                table: "api_keys");
        }
    }
}
