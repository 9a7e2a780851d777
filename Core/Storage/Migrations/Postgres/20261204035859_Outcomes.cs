using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Outcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LeadId",
                table: "predictions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OutcomeAtMs",
                table: "predictions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestId",
                table: "predictions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "outcomes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LeadId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Converted = table.Column<bool>(type: "boolean", nullable: false),
                    ObservedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    PredictionId = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outcomes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_predictions_LeadId_TimestampMs",
                table: "predictions",
                columns: new[] { "LeadId", "TimestampMs" },
                filter: "\"LeadId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outcomes_LeadId",
                table: "outcomes",
                column: "LeadId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outcomes_PredictionId",
                table: "outcomes",
                column: "PredictionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outcomes");

            migrationBuilder.DropIndex(
                name: "IX_predictions_LeadId_TimestampMs",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "LeadId",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "OutcomeAtMs",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "predictions");
        }
    }
}
