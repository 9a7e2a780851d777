using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadScoring.Core.Storage.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ReferenceLabel = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ReferenceHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ModelVersionId = table.Column<int>(type: "integer", nullable: true),
                    BatchId = table.Column<long>(type: "bigint", nullable: true),
                    WindowFromMs = table.Column<long>(type: "bigint", nullable: true),
                    WindowToMs = table.Column<long>(type: "bigint", nullable: true),
                    CurrentRows = table.Column<int>(type: "integer", nullable: false),
                    ReferenceRows = table.Column<int>(type: "integer", nullable: false),
                    AvailableRows = table.Column<long>(type: "bigint", nullable: false),
                    Capped = table.Column<bool>(type: "boolean", nullable: false),
                    TestedColumns = table.Column<int>(type: "integer", nullable: false),
                    DriftedColumns = table.Column<int>(type: "integer", nullable: false),
                    DriftShare = table.Column<double>(type: "double precision", nullable: false),
                    AlertLevel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ConfigJson = table.Column<string>(type: "text", nullable: false),
                    NoticesJson = table.Column<string>(type: "text", nullable: false),
                    ReportJson = table.Column<string>(type: "text", nullable: true),
                    ReportGzip = table.Column<byte[]>(type: "bytea", nullable: true)
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
