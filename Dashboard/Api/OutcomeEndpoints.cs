using System.Text.Json;
using LeadScoring.Core.Outcomes;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Engine.Ingestion;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Outcomes that arrive late (a lead converts weeks after it was scored): JSON or CSV, up to
/// <c>Outcomes:MaxPerCall</c> per call, all in one transaction. Each labels its lead's latest prediction made before
/// it was observed. API key or a signed-in user (with the antiforgery header).
/// </summary>
public static class OutcomeEndpoints
{
    private static readonly JsonDocumentOptions s_json = new() { MaxDepth = 4 };

    public static RouteGroupBuilder MapOutcomeApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/outcomes").WithTags("Outcomes")
            .RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy)
            .DisableAntiforgery(); // checked in the handler for cookie callers only

        // POST /api/outcomes
        group.MapPost("", RecordAsync)
            .WithName("RecordOutcomes")
            .WithSummary("Report outcomes: JSON [{lead_id, converted, observed_at?}] or CSV lead_id,converted[,observed_at]")
            .Produces<OutcomeResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(415)
            .Produces<ErrorResponse>(422).Produces<ErrorResponse>(503);
        return group;
    }

    private static async Task<IResult> RecordAsync(HttpContext context, OutcomeService outcomes, IOptions<OutcomeOptions> options,
        IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        var request = context.Request;
        var byKey = context.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName;
        if (!byKey && (!request.Headers.ContainsKey(BatchEndpoints.AntiforgeryHeader) || !await antiforgery.IsRequestValidAsync(context)))
        {
            return Error(StatusCodes.Status400BadRequest, "antiforgery",
                $"A signed-in caller needs an antiforgery token in the {BatchEndpoints.AntiforgeryHeader} header; automation should use an API key.");
        }
        var max = options.Value.MaxPerCall;
        OutcomeParseResult? parsed;
        try
        {
            parsed = await ReadAsync(request, max, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            return Error(StatusCodes.Status400BadRequest, "invalid_json", $"The body is not valid JSON{where}.");
        }
        if (parsed is null)
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "Send outcomes as application/json, text/csv, or a multipart form with one CSV file.");
        }
        if (!parsed.Succeeded)
        {
            return TypedResults.Json(new ErrorResponse("validation_error",
                $"{parsed.InvalidCount} invalid outcome(s); nothing was stored. Fix the rows listed and send again.",
                parsed.Invalid.Select(CsvIssueContract.From)), statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        try
        {
            var report = await outcomes.RecordAsync(parsed.Rows, context.User.Identity?.Name ?? "unknown", context.RequestAborted);
            return TypedResults.Ok(OutcomeResponse.From(report));
        }
        catch (Exception ex) when (StoreErrors.Classify(ex) != StoreFailure.None)
        {
            loggers.CreateLogger(typeof(OutcomeEndpoints)).LogWarning(ex, "Outcomes could not be stored");
            context.Response.Headers.RetryAfter = "5";
            return Error(StatusCodes.Status503ServiceUnavailable, "store_unavailable", StoreErrors.Describe(ex));
        }
    }

    private static async Task<OutcomeParseResult?> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType())
        {
            using var document = await JsonDocument.ParseAsync(request.Body, s_json, cancellationToken);
            return OutcomeReader.ReadJson(document.RootElement, max);
        }
        var type = request.ContentType ?? "";
        if (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadCsvAsync(request.Body, max, cancellationToken);
        }
        if (type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count != 1)
            {
                return new OutcomeParseResult([], [new CsvIssue(0, null, $"Send exactly one CSV file in the form (found {form.Files.Count}).")], 1);
            }
            await using var file = form.Files[0].OpenReadStream();
            return await ReadCsvAsync(file, max, cancellationToken);
        }
        return null;
    }

    // The CSV reader is synchronous: buffer the body (≤ MaxPerCall short rows) first.
    private static async Task<OutcomeParseResult> ReadCsvAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return OutcomeReader.ReadCsv(buffer, max);
    }

    private static IResult Error(int status, string code, string message) => TypedResults.Json(new ErrorResponse(code, message), statusCode: status);
}
