using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
{
    /// <summary>
    /// The score-band index that sorts a large window by score (Core/Predictions/PredictionPageQuery.SortBands.cs):
    /// ⌊√score · 100⌋, then time. An expression index, written exactly as EF Core writes the query's band condition
    /// (the store matches the two by expression), so it is not in the EF model. Bands, not the score: new rows land at
    /// one of 100 places in it instead of anywhere (Benchmarks/python/score_index_cost.py: +42 % raw insert time against
    /// +156 % for an index on the score; a 1 M-row upload +9 %: docs/performance.md). PostgreSQL also keeps the score, id and
    /// version in it, so a band is read from the index alone instead of one table read per row.
    /// </summary>
    public partial class ScoreBandIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE INDEX "IX_predictions_score_band" ON predictions (floor(sqrt("Score") * 100.0), "TimestampMs") INCLUDE ("Score", "Id", "ModelVersionId");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_predictions_score_band";""");
        }
    }
}
