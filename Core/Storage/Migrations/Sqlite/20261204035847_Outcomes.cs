using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OutcomeAtMs",
                table: "predictions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestId",
                table: "predictions",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "outcomes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LeadId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Converted = table.Column<bool>(type: "INTEGER", nullable: false),
                    ObservedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    PredictionId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
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
