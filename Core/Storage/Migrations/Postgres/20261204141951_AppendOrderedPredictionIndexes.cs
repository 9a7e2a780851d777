using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppendOrderedPredictionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_predictions_BatchId_Score",
                table: "predictions");

            migrationBuilder.DropIndex(
                name: "IX_predictions_TimestampMs_Score_PredictedEngaged_InferenceMs_~",
                table: "predictions");

            migrationBuilder.CreateIndex(
                name: "IX_predictions_batch",
                table: "predictions",
                columns: new[] { "BatchId", "Id", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_predictions_window",
                table: "predictions",
                columns: new[] { "TimestampMs", "Id", "Score", "PredictedEngaged", "InferenceMs", "EndToEndMs", "ModelVersionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_predictions_batch",
                table: "predictions");

            migrationBuilder.DropIndex(
                name: "IX_predictions_window",
                table: "predictions");

            migrationBuilder.CreateIndex(
                name: "IX_predictions_BatchId_Score",
                table: "predictions",
                columns: new[] { "BatchId", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_predictions_TimestampMs_Score_PredictedEngaged_InferenceMs_~",
                table: "predictions",
                columns: new[] { "TimestampMs", "Score", "PredictedEngaged", "InferenceMs", "EndToEndMs", "ModelVersionId" });
        }
    }
}
