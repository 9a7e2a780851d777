using LeadScoring.Core.Shadow;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// <c>GET /api/models/challenger/comparison</c>: the shadow challenger against the champion, the numbers of the
/// Models page's challenger panel. API key with the read scope or a signed-in user (it reads, changes nothing).
/// </summary>
public static class ChallengerEndpoints
{
    public static RouteGroupBuilder MapChallengerApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/models/challenger").WithTags("Models")
            .RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);

        // GET /api/models/challenger/comparison?from=&to=
        group.MapGet("/comparison", GetAsync)
            .WithName("GetChallengerComparison")
            .WithSummary("The shadow challenger against the champion on the same live leads: agreement, rank correlation, paired tests")
            .Produces<ChallengerComparisonResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(404);
        return group;
    }

    private static async Task<IResult> GetAsync(HttpContext context, ShadowComparisonService comparisons, IOptionsMonitor<ShadowOptions> options)
    {
        DateTime? from = null, to = null;
        var q = context.Request.Query;
        if (q.TryGetValue("from", out var fromText))
        {
            if (!QueryTime.TryParse(fromText.ToString(), out var parsed))
            {
                return BadRequest("'from' must be an ISO-8601 time, e.g. 2026-11-01T00:00:00Z.");
            }
            from = parsed.UtcDateTime;
        }
        if (q.TryGetValue("to", out var toText))
        {
            if (!QueryTime.TryParse(toText.ToString(), out var parsed))
            {
                return BadRequest("'to' must be an ISO-8601 time, e.g. 2026-12-01T00:00:00Z.");
            }
            to = parsed.UtcDateTime;
        }
        if (from is not null && to is not null && from >= to)
        {
            return BadRequest("'from' must be before 'to'.");
        }
        var comparison = await comparisons.CompareAsync(from, to, context.RequestAborted);
        if (comparison is null)
        {
            return TypedResults.Json(new ErrorResponse("not_found", "No challenger is marked (or no champion is loaded): mark one on the Models page."),
                statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Json(ChallengerComparisonResponse.Create(comparison, options.CurrentValue.MinimumLabelled), ApiJson.SnakeCase);
    }

    private static IResult BadRequest(string message) =>
        TypedResults.Json(new ErrorResponse("bad_request", message), statusCode: StatusCodes.Status400BadRequest);
}
