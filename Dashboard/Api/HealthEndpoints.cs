using LeadScoring.Core.Predictions;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadScoring.Dashboard.Api;

/// <summary>/health with the original's fields; "degraded" whenever the service cannot do its job.</summary>
public static class HealthEndpoints
{
    public const string ServiceName = "linkedin-lead-scoring-api";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        // GET /health
        endpoints.MapGet("/health", async (HealthReportCache health, LeadScoringService scoring, CancellationToken cancellationToken) =>
            {
                var report = await health.GetAsync(cancellationToken);
                var status = report.Status switch
                {
                    HealthStatus.Healthy => "healthy",
                    HealthStatus.Degraded => "degraded",
                    _ => "unhealthy",
                };
                var body = new HealthResponse(status, ServiceName, ServiceVersion.Current, scoring.ModelLoaded, scoring.ModelVersion,
                    report.Entries.ToDictionary(e => e.Key, e => new HealthCheckEntry(e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description)));
                // Degraded still answers 200 (the process is up); unhealthy answers 503 so load balancers take it out.
                return TypedResults.Json(body, statusCode: report.Status == HealthStatus.Unhealthy ? 503 : 200);
            })
            .WithTags("Health").WithName("Health").WithSummary("Liveness and readiness of the prediction API")
            .AllowAnonymous().Produces<HealthResponse>().Produces<ErrorResponse>(429).Produces<HealthResponse>(503);
        return endpoints;
    }
}

/// <summary>The service version reported by /health and OpenAPI (one place, unlike the original's two).</summary>
public static class ServiceVersion
{
    public static string Current { get; } =
        typeof(ServiceVersion).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "1.0.0";
}
