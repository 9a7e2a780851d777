using System.ComponentModel;
using System.Globalization;
using System.Text;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Predictions;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadScoring.Dashboard.Api;

/// <summary>CSV export of stored predictions for the prediction table's current filter.</summary>
public static class PredictionExportEndpoints
{
    /// <summary>Most rows one export streams; a larger selection is cut (the response says so in a header).</summary>
    public const int MaxRows = 1_000_000;

    internal static readonly string[] s_header =
    [
        "id", "time_utc", "batch_id", "model_version_id", "score", "predicted_engaged", "actual_engaged",
        "inference_ms", "end_to_end_ms", "source",
    ];

    private const int RowsPerChunk = 2_000;

    public static RouteGroupBuilder MapPredictionExportApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/predictions").WithTags("Predictions").RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);

        // GET /api/predictions/export?window=24h&model=1&batch=7&min=0.5&max=1
        group.MapGet("/export", Export)
            .WithName("ExportPredictions")
            .WithSummary("Stored predictions matching the filter as CSV, oldest first, at most 1,000,000 rows.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return group;
    }

    internal static Results<PushStreamHttpResult, ValidationProblem> Export(
        [AsParameters] ExportRequest request, PredictionPageQuery query, TimeProvider time, HttpContext context)
    {
        var filter = new PredictionFilterState(request.Window, request.Model, request.Batch, request.Min, request.Max);
        var errors = filter.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var search = filter.ToSearch(time);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"predictions-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        context.Response.Headers["X-Row-Limit"] = MaxRows.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Stream(stream => WriteCsvAsync(stream, query, search, context.RequestAborted), "text/csv; charset=utf-8", fileName);
    }

    // The response body allows only asynchronous writes; SafeCsvWriter is synchronous, so rows are written into
    // a small in-memory chunk that is then sent asynchronously.
    private static async Task WriteCsvAsync(Stream body, PredictionPageQuery query, PredictionSearch search, CancellationToken cancellationToken)
    {
        await using var output = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        var chunk = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new SafeCsvWriter(chunk, leaveOpen: true))
        {
            csv.WriteRow(s_header);
            var rows = 0;
            await foreach (var row in query.StreamAsync(search, MaxRows, cancellationToken: cancellationToken))
            {
                WriteRow(csv, row);
                if (++rows % RowsPerChunk == 0)
                {
                    await FlushChunkAsync(chunk, output, cancellationToken);
                }
            }
        }
        await FlushChunkAsync(chunk, output, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static void WriteRow(SafeCsvWriter csv, PredictionRow row)
    {
        csv.WriteNumber(row.Id);
        csv.WriteText(row.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        csv.WriteNumber(row.BatchId);
        csv.WriteNumber(row.ModelVersionId);
        csv.WriteNumber(row.Score);
        csv.WriteNumber(row.PredictedEngaged ? 1 : 0);
        csv.WriteNumber(row.ActualEngaged);
        csv.WriteNumber(row.InferenceMs);
        csv.WriteNumber(row.EndToEndMs);
        csv.WriteText(row.Source.ToString().ToLowerInvariant());
        csv.EndRow();
    }

    private static async Task FlushChunkAsync(StringWriter chunk, StreamWriter output, CancellationToken cancellationToken)
    {
        var builder = chunk.GetStringBuilder();
        await output.WriteAsync(builder, cancellationToken);
        builder.Clear();
    }

    /// <summary>Query parameters of the export (the prediction table's URL uses the same names).</summary>
    internal sealed record ExportRequest(
        [property: Description("1h, 24h, 7d, 30d or all; default 24h, or all when a batch is given")] string? Window,
        [property: Description("Model version id")] int? Model,
        [property: Description("Batch id")] long? Batch,
        [property: Description("Lowest score, 0–1")] double? Min,
        [property: Description("Highest score, 0–1")] double? Max);
}
