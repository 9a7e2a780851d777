using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MinuteRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "prediction_minute_rollups",
                columns: table => new
                {
                    ModelVersionId = table.Column<int>(type: "integer", nullable: false),
                    MinuteMs = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    ScoreSum = table.Column<double>(type: "double precision", nullable: false),
                    ScoreSumSquares = table.Column<double>(type: "double precision", nullable: false),
                    Engaged = table.Column<long>(type: "bigint", nullable: false),
                    ScoreBins = table.Column<byte[]>(type: "bytea", nullable: false),
                    InferenceBins = table.Column<byte[]>(type: "bytea", nullable: false),
                    EndToEndBins = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prediction_minute_rollups", x => new { x.MinuteMs, x.ModelVersionId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "prediction_minute_rollups");
        }
    }
}
