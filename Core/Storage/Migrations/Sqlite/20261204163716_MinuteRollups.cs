using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
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
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    MinuteMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    ScoreSum = table.Column<double>(type: "REAL", nullable: false),
                    ScoreSumSquares = table.Column<double>(type: "REAL", nullable: false),
                    Engaged = table.Column<long>(type: "INTEGER", nullable: false),
                    ScoreBins = table.Column<byte[]>(type: "BLOB", nullable: false),
                    InferenceBins = table.Column<byte[]>(type: "BLOB", nullable: false),
                    EndToEndBins = table.Column<byte[]>(type: "BLOB", nullable: false)
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
