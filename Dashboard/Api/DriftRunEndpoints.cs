using System.Globalization;
using System.Text;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>The stored drift runs over HTTP (read scope): a keyset-paged list, one run's full JSON, two runs compared.</summary>
public static class DriftRunEndpoints
{
    public static RouteGroupBuilder MapDriftRunApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/drift-runs").WithTags("Drift").RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);

        group.MapGet("", ListAsync)
            .WithName("ListDriftRuns").WithSummary("Stored drift runs, newest first, paged by before_id")
            .Produces<DriftRunListResponse>(StatusCodes.Status200OK, "application/json").Produces<ErrorResponse>(400);

        group.MapGet("/compare", CompareAsync)
            .WithName("CompareDriftRuns").WithSummary("Two stored drift runs compared column by column")
            .Produces<DriftRunComparisonResponse>(StatusCodes.Status200OK, "application/json").Produces<ErrorResponse>(400).Produces<ErrorResponse>(404);

        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetDriftRun").WithSummary("One stored drift run: report, context, configuration and reference hash")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces<ErrorResponse>(404);
        return group;
    }

    private static async Task<IResult> ListAsync(HttpContext context, DriftRunStore runs)
    {
        var query = context.Request.Query;
        long? beforeId = null;
        if (query["before_id"].FirstOrDefault() is { } rawBefore)
        {
            if (!long.TryParse(rawBefore, NumberStyles.None, CultureInfo.InvariantCulture, out var before) || before < 1)
            {
                return BadRequest("'before_id' must be a positive whole number (a run id from the previous page).");
            }
            beforeId = before;
        }
        int? limit = null;
        if (query["limit"].FirstOrDefault() is { } rawLimit)
        {
            if (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return BadRequest("'limit' must be a whole number.");
            }
            limit = parsed;
        }
        if (runs.PageSize(limit, out var error) is not int size)
        {
            return BadRequest(error!);
        }
        var page = await runs.ListAsync(beforeId, size, context.RequestAborted);
        var next = page.NextBeforeId is long n ? string.Create(CultureInfo.InvariantCulture, $"/api/drift-runs?before_id={n}&limit={size}") : null;
        return TypedResults.Json(new DriftRunListResponse([.. page.Runs.Select(DriftRunItem.From)], page.NextBeforeId, next));
    }

    private static async Task<IResult> GetAsync(long id, DriftRunStore runs, HttpContext context)
    {
        var run = await runs.GetAsync(id, context.RequestAborted);
        if (run is null)
        {
            return NotFound(id);
        }
        // The export: a browser link downloads it as a file, an API client reads it as JSON.
        context.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"inline; filename=\"drift-run-{id}.json\"");
        return TypedResults.Text(run.ToJson(), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> CompareAsync(HttpContext context, DriftRunStore runs)
    {
        var query = context.Request.Query;
        if (!TryId(query["a"].FirstOrDefault(), out var a) || !TryId(query["b"].FirstOrDefault(), out var b))
        {
            return BadRequest("Give two run ids: 'a' and 'b' (positive whole numbers).");
        }
        var result = await runs.CompareAsync(a, b, context.RequestAborted);
        if (result is null)
        {
            var missing = await runs.GetAsync(a, context.RequestAborted) is null ? a : b;
            return NotFound(missing);
        }
        return TypedResults.Json(DriftRunComparisonResponse.From(result));
    }

    private static bool TryId(string? raw, out long id) =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static IResult NotFound(long id) => TypedResults.Json(
        new ErrorResponse("not_found", string.Create(CultureInfo.InvariantCulture, $"Drift run {id} does not exist (or was purged after Retention:DriftRunDays).")),
        statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) =>
        TypedResults.Json(new ErrorResponse("bad_request", message), statusCode: StatusCodes.Status400BadRequest);
}
