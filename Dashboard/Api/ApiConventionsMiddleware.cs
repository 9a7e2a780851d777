using System.Globalization;
using System.Diagnostics;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// For API paths: the original's X-Request-ID (echoed when ASCII and non-empty, max 128 chars, else a new GUID) and
/// X-RateLimit-Limit/Remaining/Reset headers of the budget that answered (none when limits are off), and one stored
/// request metric (endpoint, status, duration) per request.
/// </summary>
public sealed class ApiConventionsMiddleware(RequestDelegate next, TelemetryQueue telemetry, TimeProvider time, ClientRateLimits rateLimits)
{
    public const string RequestIdHeader = "X-Request-ID";

    // Whole path segments: "/predict" covers /predict and /predict/batch but not the /predictions page.
    private static readonly PathString[] s_apiRoots = ["/predict", "/health", "/api", "/openapi"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!IsApiPath(path))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIdFrom(context.Request.Headers[RequestIdHeader].ToString());
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = requestId;
            if (rateLimits.StateOf(context) is { } state)
            {
                context.Response.Headers["X-RateLimit-Limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-RateLimit-Remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-RateLimit-Reset"] = state.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            }
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            telemetry.TryEnqueue([], new ApiRequestRecord
            {
                TimestampMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
                Method = context.Request.Method,
                Endpoint = EndpointName(context),
                StatusCode = context.Response.StatusCode,
                DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            });
        }
    }

    public static bool IsApiPath(PathString path) =>
        s_apiRoots.Any(root => path.StartsWithSegments(root, StringComparison.OrdinalIgnoreCase));

    internal static string RequestIdFrom(string header) =>
        header.Length > 0 && header.All(char.IsAscii) && !header.Any(char.IsControl)
            ? header[..Math.Min(128, header.Length)]
            : Guid.NewGuid().ToString();

    /// <summary>The endpoint name of requests no route matched: one name, so scanners cannot fill the endpoint list.</summary>
    public const string UnmatchedEndpoint = "unmatched";

    // The route template, not the raw path, so /api/batches/17 and /api/batches/18 count as one endpoint.
    private static string EndpointName(HttpContext context)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return route is null ? UnmatchedEndpoint : "/" + route.TrimStart('/');
    }
}
