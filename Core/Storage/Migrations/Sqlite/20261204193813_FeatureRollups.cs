using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FeatureRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "feature_rollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HourMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReferenceHash = table.Column<long>(type: "INTEGER", nullable: false),
                    Predictions = table.Column<long>(type: "INTEGER", nullable: false),
                    Counts = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feature_rollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_feature_rollups_HourMs_ModelVersionId_ReferenceHash",
                table: "feature_rollups",
                columns: new[] { "HourMs", "ModelVersionId", "ReferenceHash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "feature_rollups");
        }
    }
}
