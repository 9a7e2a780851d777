using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
{
    /// <summary>
    /// The latency-band indexes that sort a large window by inference or end-to-end latency
    /// (Core/Predictions/PredictionPageQuery.SortBands.cs): ⌊ln(max(ms, 10⁻⁶)) · 10⌋, then time. Expression indexes,
    /// written exactly as EF Core writes the query's band condition (the store matches the two by expression, the
    /// constant's spelling included), so they are not in the EF model. The floor of 10⁻⁶ keeps the logarithm defined for
    /// any stored latency.
    /// </summary>
    public partial class LatencyBandIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE INDEX "IX_predictions_inference_band" ON predictions (floor(ln(max("InferenceMs", 9.9999999999999995E-07)) * 10.0), "TimestampMs");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_predictions_end_to_end_band" ON predictions (floor(ln(max("EndToEndMs", 9.9999999999999995E-07)) * 10.0), "TimestampMs");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_predictions_inference_band";""");
            migrationBuilder.Sql("""DROP INDEX "IX_predictions_end_to_end_band";""");
        }
    }
}
