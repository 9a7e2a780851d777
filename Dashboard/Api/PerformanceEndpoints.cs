using System.Globalization;
using LeadScoring.Core.Performance;
using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Performance.Cbpe;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// <c>GET /api/performance</c>: realized and estimated performance for a window, the same service the Performance
/// page uses. API key or signed-in user (it reads, changes nothing).
/// </summary>
public static class PerformanceEndpoints
{

    public static RouteGroupBuilder MapPerformanceApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/performance").WithTags("Performance")
            .RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);

        // GET /api/performance?from=&to=&bucket=day|week|month&model=&chunk=&capacity=
        group.MapGet("", GetAsync)
            .WithName("GetPerformance")
            .WithSummary("Realized metrics with intervals and CBPE estimates with bands per bucket, flags, calibration, gains, capacity")
            .Produces<PerformanceResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(503);
        return group;
    }

    private static async Task<IResult> GetAsync(HttpContext context, PerformanceService performance, TimeProvider time)
    {
        var query = Parse(context.Request.Query, time, out var error);
        if (query is null)
        {
            return TypedResults.Json(new ErrorResponse("bad_request", error!), statusCode: StatusCodes.Status400BadRequest);
        }
        var report = await performance.GetAsync(query, context.RequestAborted);
        return TypedResults.Json(PerformanceResponse.Create(report), ApiJson.SnakeCase);
    }

    /// <summary>The query, or null with a message naming the parameter.</summary>
    public static PerformanceQuery? Parse(IQueryCollection q, TimeProvider time, out string? error)
    {
        error = null;
        var now = time.GetUtcNow();
        var to = now;
        if (q.TryGetValue("to", out var toText) && !QueryTime.TryParse(toText.ToString(), out to))
        {
            error = "'to' must be an ISO-8601 time, e.g. 2026-12-01T00:00:00Z.";
            return null;
        }
        var from = to.AddDays(-30);
        if (q.TryGetValue("from", out var fromText) && !QueryTime.TryParse(fromText.ToString(), out from))
        {
            error = "'from' must be an ISO-8601 time, e.g. 2026-11-01T00:00:00Z.";
            return null;
        }
        if (from >= to)
        {
            error = "'from' must be before 'to'.";
            return null;
        }
        var bucketText = q.TryGetValue("bucket", out var b) ? b.ToString().ToLowerInvariant() : "week";
        ChunkPeriod? bucket = bucketText switch { "day" => ChunkPeriod.Day, "week" => ChunkPeriod.Week, "month" => ChunkPeriod.Month, _ => null };
        if (bucket is null)
        {
            error = "'bucket' must be 'day', 'week' or 'month'.";
            return null;
        }
        if (!TryPositive(q, "model", out var model, out error) || !TryPositive(q, "chunk", out var chunk, out error)
            || !TryPositive(q, "capacity", out var capacity, out error))
        {
            return null;
        }
        return new PerformanceQuery(new TimeWindow(from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()), bucket.Value, model, chunk, capacity);
    }

    private static bool TryPositive(IQueryCollection q, string name, out int? value, out string? error)
    {
        value = null;
        error = null;
        if (!q.TryGetValue(name, out var text))
        {
            return true;
        }
        if (int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0)
        {
            value = v;
            return true;
        }
        error = $"'{name}' must be a positive whole number.";
        return false;
    }
}
