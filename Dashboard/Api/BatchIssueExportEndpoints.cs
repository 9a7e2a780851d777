using System.Text.Json;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Batches;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Predictions;
using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Dashboard.Api;

/// <summary>The full validation report of a batch as CSV (every listed problem with row and column).</summary>
public static class BatchIssueExportEndpoints
{
    public static IEndpointRouteBuilder MapBatchIssueExportApi(this IEndpointRouteBuilder endpoints)
    {
        // GET /api/batches/{id}/issues.csv?kind=errors|warnings
        endpoints.MapGet("/api/batches/{id:long}/issues.csv", async Task<IResult> (long id, string? kind, ILeadScoringDbFactory dbFactory, HttpContext context) =>
            {
                await using var db = dbFactory.CreateDbContext();
                var json = await db.Batches.Where(b => b.Id == id).Select(b => b.ValidationJson).SingleOrDefaultAsync(context.RequestAborted);
                if (json is null)
                {
                    return TypedResults.NotFound();
                }
                var report = JsonSerializer.Deserialize<ValidationReport>(json)!;
                var warnings = string.Equals(kind, "warnings", StringComparison.OrdinalIgnoreCase);
                var issues = warnings ? report.Warnings : report.Errors;
                return TypedResults.Stream(async stream =>
                {
                    await using var text = new StreamWriter(stream);
                    using var csv = new SafeCsvWriter(text, leaveOpen: true);
                    csv.WriteRow(["row", "column", "message"]);
                    foreach (var issue in issues)
                    {
                        csv.WriteNumber(issue.Row);
                        csv.WriteText(issue.Column ?? "");
                        csv.WriteText(issue.Message);
                        csv.EndRow();
                    }
                }, "text/csv", $"batch-{id}-{(warnings ? "warnings" : "errors")}.csv");
            })
            .WithTags("Batches").WithName("BatchIssues").WithSummary("A batch's validation problems as CSV")
            .RequireAuthorization();
        return endpoints;
    }
}
