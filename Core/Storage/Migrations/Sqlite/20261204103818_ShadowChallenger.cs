using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShadowChallenger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "ShadowKey",
                table: "predictions",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ChallengerSinceUtc",
                table: "model_versions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "shadow_scores",
                columns: table => new
                {
                    Key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TimestampMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ChallengerVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    PredictedEngaged = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shadow_scores", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_predictions_ShadowKey",
                table: "predictions",
                column: "ShadowKey",
                unique: true,
                filter: "\"ShadowKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_shadow_scores_ChallengerVersionId_TimestampMs",
                table: "shadow_scores",
                columns: new[] { "ChallengerVersionId", "TimestampMs" });

            migrationBuilder.CreateIndex(
                name: "IX_shadow_scores_TimestampMs",
                table: "shadow_scores",
                column: "TimestampMs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "shadow_scores");

            migrationBuilder.DropIndex(
                name: "IX_predictions_ShadowKey",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "ShadowKey",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "ChallengerSinceUtc",
                table: "model_versions");
        }
    }
}
