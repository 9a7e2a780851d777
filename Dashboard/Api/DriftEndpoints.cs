using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Drift.Reports;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Explanations;
using LeadScoring.Dashboard.Model;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Drift over HTTP for signed-in users: a JSON result for API clients (POST, antiforgery off: it changes nothing
/// and the SameSite=Strict cookie never rides a cross-site post) and report downloads for the browser (GET).
/// </summary>
public static class DriftEndpoints
{
    public static RouteGroupBuilder MapDriftApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/drift").WithTags("Drift").RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);

        // POST /api/drift  (multipart: current [+ reference] CSV files; or ?batch= / ?from=&to= [&modelVersion=]; &profile= &bh=)
        group.MapPost("", RunAsync).DisableAntiforgery()
            .WithName("RunDrift").WithSummary("Data and prediction drift of an uploaded CSV, a stored batch or a time window")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<ErrorResponse>(400).Produces<ErrorResponse>(404).Produces<ErrorResponse>(422).Produces<ErrorResponse>(503);

        // GET /api/drift/report?batch=ID|from=&to=[&modelVersion=]&format=html|json|markdown
        group.MapGet("/report", ReportAsync)
            .WithName("DownloadDriftReport").WithSummary("Drift report of a stored batch or a time window as a file")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces<ErrorResponse>(400).Produces<ErrorResponse>(404).Produces<ErrorResponse>(503);
        return group;
    }

    private static async Task<IResult> RunAsync(HttpContext context, DriftService drift, TimeProvider time)
    {
        var query = DriftQuery.Parse(context.Request.Query, time, out var error);
        if (query is null)
        {
            return BadRequest(error!);
        }
        IFormFile? current = null, reference = null;
        if (context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                current = form.Files.GetFile("current");
                reference = form.Files.GetFile("reference");
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
            {
                // A missing boundary, a truncated part or a form limit: the client's fault, answered as JSON (never a 500 page).
                return BadRequest("The multipart/form-data body could not be read (no boundary, a truncated part, or over a form limit). " +
                    "Send the CSV files as parts named 'current' and optionally 'reference'.");
            }
        }
        if (reference is not null && current is null)
        {
            return BadRequest("A 'reference' file needs a 'current' file to compare with.");
        }
        if (current is not null && (query.Batch is not null || query.Window is not null))
        {
            return BadRequest("Send either a 'current' file or 'batch' / 'from' and 'to', not both.");
        }
        try
        {
            DriftRun run;
            if (current is not null)
            {
                await using var currentStream = current.OpenReadStream();
                await using var referenceStream = reference?.OpenReadStream();
                run = await drift.ForUploadAsync(currentStream, current.FileName, referenceStream, reference?.FileName, query.Overrides,
                    cancellationToken: context.RequestAborted, trigger: DriftRunTrigger.Api, requestedBy: Caller(context));
            }
            else
            {
                var found = await StoredAsync(drift, query, context);
                if (found is null)
                {
                    return BadRequest("Send a 'current' CSV file (multipart/form-data), or 'batch', or 'from' and 'to'.");
                }
                run = found;
            }
            return TypedResults.Text(WithRunId(run), "application/json", Encoding.UTF8);
        }
        catch (DriftServiceException e)
        {
            return Failure(e);
        }
    }

    private static async Task<IResult> ReportAsync(HttpContext context, DriftService drift, TimeProvider time, ExplanationService explanations)
    {
        var query = DriftQuery.Parse(context.Request.Query, time, out var error);
        if (query is null)
        {
            return BadRequest(error!);
        }
        try
        {
            var run = await StoredAsync(drift, query, context);
            if (run is null)
            {
                return BadRequest("Give 'batch', or 'from' and 'to'.");
            }
            var name = query.Batch is long b
                ? string.Create(CultureInfo.InvariantCulture, $"drift-batch-{b}")
                : string.Create(CultureInfo.InvariantCulture, $"drift-{query.Window!.Value.FromMs}-{query.Window.Value.ToMs}");
            var title = $"Data drift · {run.Subject} vs {run.Reference}";
            var shift = run.ModelVersionId is int version
                ? await explanations.ScoreShiftAsync(version, query.Batch, query.Batch is null ? query.Window : null, context.RequestAborted)
                : new ScoreShiftResult(null, "the reference is an uploaded file, not a model version");
            return query.Format switch
            {
                "json" => TypedResults.File(Encoding.UTF8.GetBytes(ScoreShiftReport.AddToJson(run.ToJson(), shift)), "application/json", name + ".json"),
                "markdown" => TypedResults.File(Encoding.UTF8.GetBytes(DriftMarkdownReport.Render(run.Report) + $"\nCompared: {run.Subject} vs {run.Reference}.\n"), "text/markdown", name + ".md"),
                _ => TypedResults.File(Encoding.UTF8.GetBytes(DriftHtmlReport.Render(run.Report, title, html => ScoreShiftReport.AppendHtml(html, shift))), "text/html", name + ".html"),
            };
        }
        catch (DriftServiceException e)
        {
            return Failure(e);
        }
    }

    private static async Task<DriftRun?> StoredAsync(DriftService drift, DriftQuery query, HttpContext context)
    {
        if (query.Batch is long batch)
        {
            return await drift.ForBatchAsync(batch, query.Overrides, cancellationToken: context.RequestAborted, trigger: DriftRunTrigger.Api,
                requestedBy: Caller(context));
        }
        if (query.Window is TimeWindow window)
        {
            return await drift.ForWindowAsync(window, query.ModelVersion, query.Overrides, cancellationToken: context.RequestAborted,
                trigger: DriftRunTrigger.Api, requestedBy: Caller(context));
        }
        return null;
    }

    // The user's name, or "api-key:NAME" for a key (what the handler puts in the name claim).
    private static string? Caller(HttpContext context) => context.User.Identity?.Name;

    // run_id first, so a client can fetch the stored run (GET /api/drift-runs/{id}); null when it could not be recorded.
    private static string WithRunId(DriftRun run)
    {
        var report = JsonNode.Parse(run.ToJson(indented: false))!.AsObject();
        var body = new JsonObject { ["run_id"] = run.RunId };
        foreach (var (name, value) in report.ToList())
        {
            report.Remove(name);
            body[name] = value;
        }
        return body.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static IResult BadRequest(string message) =>
        TypedResults.Json(new ErrorResponse("bad_request", message), statusCode: StatusCodes.Status400BadRequest);

    private static IResult Failure(DriftServiceException e) => e.Failure switch
    {
        DriftFailure.InvalidCsv => TypedResults.Json(new ErrorResponse("invalid_csv", e.Message,
            new { file = e.File, count = e.IssueCount, issues = e.Issues.Select(i => new { row = i.Row, column = i.Column, message = i.Message, text = i.ToString() }) }),
            statusCode: StatusCodes.Status422UnprocessableEntity),
        DriftFailure.NotFound => TypedResults.Json(new ErrorResponse("not_found", e.Message), statusCode: StatusCodes.Status404NotFound),
        DriftFailure.NoModel => TypedResults.Json(new ErrorResponse("service_unavailable", e.Message), statusCode: StatusCodes.Status503ServiceUnavailable),
        DriftFailure.Busy => new BusyResult(e.Message),
        _ => BadRequest(e.Message),
    };

    /// <summary>503 with Retry-After: the drift slot stayed taken longer than DriftService:MaxWaitSeconds.</summary>
    private sealed class BusyResult(string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "10";
            return TypedResults.Json(new ErrorResponse("busy", message), statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);
        }
    }
}
