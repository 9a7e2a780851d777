using LeadScoring.Core.Monitoring;
using LeadScoring.Core.Serving;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadScoring.Dashboard.Api;

/// <summary>A champion model is loaded and can score.</summary>
public sealed class ModelHealthCheck(LeadScoringService scoring) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(scoring.ModelLoaded
            ? HealthCheckResult.Healthy($"model {scoring.ModelVersion} loaded")
            : HealthCheckResult.Degraded("no model loaded: predictions answer 503"));
}

/// <summary>The store answers and accepts a write (rolled back), so predictions can be recorded.</summary>
public sealed class StoreHealthCheck(ILeadScoringDbFactory dbFactory, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = dbFactory.CreateDbContext();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.HealthProbes.Add(new HealthProbeRecord { TimestampMs = time.GetUtcNow().ToUnixTimeMilliseconds(), Target = "write-check", Status = "probe" });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return HealthCheckResult.Healthy("store reachable and writable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: connection strings and paths stay out of responses.
            return HealthCheckResult.Degraded($"store not writable ({ex.GetType().Name})");
        }
    }
}

/// <summary>Server errors (5xx) over the last 5 minutes stay under 5 % (the original's "high error rate" alert).</summary>
public sealed class ErrorRateHealthCheck(MonitoringQueries queries, TimeProvider time) : IHealthCheck
{
    public const double Threshold = 0.05;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var requests = await queries.RequestsAsync(TimeWindow.Last(TimeSpan.FromMinutes(5), time), cancellationToken);
        var text = $"{requests.ServerErrors} server errors in {requests.Total} requests over 5 min";
        return requests.ErrorRate > Threshold ? HealthCheckResult.Degraded(text) : HealthCheckResult.Healthy(text);
    }
}
