using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HourMs = table.Column<long>(type: "bigint", nullable: false),
                    ModelVersionId = table.Column<int>(type: "integer", nullable: false),
                    ReferenceHash = table.Column<long>(type: "bigint", nullable: false),
                    Predictions = table.Column<long>(type: "bigint", nullable: false),
                    Counts = table.Column<byte[]>(type: "bytea", nullable: false)
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
