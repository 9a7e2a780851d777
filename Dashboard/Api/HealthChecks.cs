using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Batches;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
public sealed class StoreHealthCheck(ILeadScoringDbFactory dbFactory, StoreWriteMonitor monitor, TelemetryQueue telemetry, StorageOptions storage,
    TimeProvider time) : IHealthCheck
{
    /// <summary>Seconds the probe waits for another process's write lock before reporting "busy" (health answers fast).</summary>
    public const int ProbeLockTimeoutSeconds = 1;

    /// <summary>Free space on the database's disk below which the store is reported degraded (one large upload's worth).</summary>
    public const long MinimumFreeBytes = 256L * 1024 * 1024;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = monitor.CurrentFailure;
        if (failure == StoreFailure.Full)
        {
            return HealthCheckResult.Degraded("storage full: uploads and new predictions cannot be stored; reads still work");
        }
        if (FreeBytes(storage) is long free && free < MinimumFreeBytes)
        {
            return HealthCheckResult.Degraded($"disk almost full: {free / (1024 * 1024)} MB free");
        }
        try
        {
            await using var db = dbFactory.CreateDbContext();
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                sqlite.DefaultTimeout = ProbeLockTimeoutSeconds;
            }
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.HealthProbes.Add(new HealthProbeRecord { TimestampMs = time.GetUtcNow().ToUnixTimeMilliseconds(), Target = "write-check", Status = "probe" });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The kind only: connection strings and paths stay out of responses.
            return HealthCheckResult.Degraded(StoreErrors.Classify(ex) switch
            {
                StoreFailure.Busy => "store busy: another process holds the write lock",
                StoreFailure.Full => "storage full",
                StoreFailure.ReadOnly => "store read-only",
                _ => $"store not writable ({ex.GetType().Name})",
            });
        }
        if (failure != StoreFailure.None)
        {
            return HealthCheckResult.Degraded($"recent store writes failed ({failure.ToString().ToLowerInvariant()}); {telemetry.Count} items waiting");
        }
        return telemetry.Count > telemetry.Capacity / 2
            ? HealthCheckResult.Degraded($"telemetry backlog {telemetry.Count} of {telemetry.Capacity}")
            : HealthCheckResult.Healthy("store reachable and writable");
    }

    private static long? FreeBytes(StorageOptions storage)
    {
        if (storage.IsPostgres)
        {
            return null;
        }
        try
        {
            var path = new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            return string.IsNullOrEmpty(path) || path == ":memory:" || folder is null ? null : new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
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
