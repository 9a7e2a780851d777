using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
{
    /// <summary>
    /// The latency-band indexes that sort a large window by inference or end-to-end latency
    /// (Core/Predictions/PredictionPageQuery.SortBands.cs): ⌊ln(max(ms, 10⁻⁶)) · 10⌋, then time. Expression indexes,
    /// written exactly as EF Core writes the query's band condition (the store matches the two by expression, the
    /// constant's spelling included), so they are not in the EF model. The floor of 10⁻⁶ keeps the logarithm defined for
    /// any stored latency. PostgreSQL also keeps the latency, id and version in them (read from the index alone).
    /// </summary>
    public partial class LatencyBandIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE INDEX "IX_predictions_inference_band" ON predictions (floor(ln(GREATEST("InferenceMs", 9.9999999999999995E-07)) * 10.0), "TimestampMs") INCLUDE ("InferenceMs", "Id", "ModelVersionId");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_predictions_end_to_end_band" ON predictions (floor(ln(GREATEST("EndToEndMs", 9.9999999999999995E-07)) * 10.0), "TimestampMs") INCLUDE ("EndToEndMs", "Id", "ModelVersionId");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_predictions_inference_band";""");
            migrationBuilder.Sql("""DROP INDEX "IX_predictions_end_to_end_band";""");
        }
    }
}
