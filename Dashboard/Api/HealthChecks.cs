using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Dashboard.Api;

/// <summary>A champion model is loaded and can score.</summary>
public sealed class ModelHealthCheck(LeadScoringService scoring) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(scoring.ModelLoaded
            ? HealthCheckResult.Healthy($"model {scoring.ModelVersion} loaded")
            : HealthCheckResult.Degraded("no model loaded: predictions answer 503"));
}

/// <summary>
/// The store answers and accepts a write (rolled back), and the latest real writes (uploads, telemetry) did not fail:
/// a probe row can fit in a free page of a full disk, so "storage full" comes from the real writes.
/// </summary>
public sealed class StoreHealthCheck(StoreProbe probe, StoreWriteMonitor monitor, TelemetryQueue telemetry, StorageFloor floor) : IHealthCheck
{
    /// <summary>Free space on the database's disk below which the store is reported degraded (one large upload's worth).</summary>
    public const long MinimumFreeBytes = 256L * 1024 * 1024;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = monitor.CurrentFailure;
        if (failure == StoreFailure.Full)
        {
            return HealthCheckResult.Degraded("storage full: uploads and new predictions cannot be stored; reads still work");
        }
        if (floor.RefusalReason() is { } noRoom)
        {
            return HealthCheckResult.Degraded(noRoom);
        }
        if (probe.FreeBytes() is long free && free < MinimumFreeBytes)
        {
            return HealthCheckResult.Degraded($"disk almost full: {free / (1024 * 1024)} MB free");
        }
        // The kind only: connection strings and paths stay out of responses.
        switch (await probe.CheckWritableAsync(cancellationToken))
        {
            case StoreFailure.Busy:
                return HealthCheckResult.Degraded("store busy: another process holds the write lock");
            case StoreFailure.Full:
                return HealthCheckResult.Degraded("storage full");
            case StoreFailure.ReadOnly:
                return HealthCheckResult.Degraded("store read-only");
            case StoreFailure.Other:
                return HealthCheckResult.Degraded("store not writable");
        }
        if (failure != StoreFailure.None)
        {
            return HealthCheckResult.Degraded($"recent store writes failed ({failure.ToString().ToLowerInvariant()}); {telemetry.Count} items waiting");
        }
        return telemetry.Count > telemetry.Capacity / 2
            ? HealthCheckResult.Degraded($"telemetry backlog {telemetry.Count} of {telemetry.Capacity}")
            : HealthCheckResult.Healthy("store reachable and writable");
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
