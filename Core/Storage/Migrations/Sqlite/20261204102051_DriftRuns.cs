using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DriftRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "drift_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ReferenceLabel = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ReferenceHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: true),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    WindowFromMs = table.Column<long>(type: "INTEGER", nullable: true),
                    WindowToMs = table.Column<long>(type: "INTEGER", nullable: true),
                    CurrentRows = table.Column<int>(type: "INTEGER", nullable: false),
                    ReferenceRows = table.Column<int>(type: "INTEGER", nullable: false),
                    AvailableRows = table.Column<long>(type: "INTEGER", nullable: false),
                    Capped = table.Column<bool>(type: "INTEGER", nullable: false),
                    TestedColumns = table.Column<int>(type: "INTEGER", nullable: false),
                    DriftedColumns = table.Column<int>(type: "INTEGER", nullable: false),
                    DriftShare = table.Column<double>(type: "REAL", nullable: false),
                    AlertLevel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ConfigJson = table.Column<string>(type: "TEXT", nullable: false),
                    NoticesJson = table.Column<string>(type: "TEXT", nullable: false),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    ReportGzip = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drift_runs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_drift_runs_BatchId",
                table: "drift_runs",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_drift_runs_CreatedAtUtc",
                table: "drift_runs",
                column: "CreatedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "drift_runs");
        }
    }
}
