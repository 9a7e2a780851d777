using System.Globalization;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Performance;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Alerts;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Alerts;

/// <summary>What one collection measured.</summary>
/// <param name="Observation">The readings, by (signal, window).</param>
/// <param name="DriftRuns">Per window: the drift run the drift readings came from (its record id, when recorded).</param>
/// <param name="Unavailable">Why a reading is missing (no model, no rows in the window, the store failed...).</param>
public sealed record CollectedSignals(AlertObservation Observation, IReadOnlyDictionary<long, DriftRunInfo> DriftRuns,
    IReadOnlyDictionary<ReadingKey, string> Unavailable);

/// <summary>A drift run behind readings: its stored record id (null until drift runs are recorded) and what it compared.</summary>
public sealed record DriftRunInfo(long? RunId, string Subject, long Rows);

/// <summary>
/// Measures the signals alert rules read (<see cref="AlertObservation.Required"/>) from the store and the running
/// service. A signal that cannot be measured is left out (the rule reports insufficient data) with the reason.
/// </summary>
public sealed class AlertSignalCollector(
    ILeadScoringDbFactory dbFactory, DriftService drift, PerformanceService performance, TelemetryQueue queue, IFreeSpaceSource freeSpace,
    StoreProbe probe, AuthFailureCounter authFailures, IOptions<AlertOptions> options, ILogger<AlertSignalCollector>? logger = null)
{
    private readonly ILogger _log = logger ?? NullLogger<AlertSignalCollector>.Instance;

    /// <summary>Signals that read many stored rows (drift over a window, performance): measured at most every
    /// <see cref="AlertOptions.DriftEvaluationMinutes"/>.</summary>
    public static bool IsExpensive(ReadingKey key) => key.Signal switch
    {
        AlertSignal.WindowDriftShare or AlertSignal.PredictionDriftPValue or AlertSignal.ScorePsi or AlertSignal.ScoreWasserstein => true,
        AlertSignal.EstimatedF1VsReferenceLower or AlertSignal.RealizedF1VsReferenceLower => true,
        AlertSignal.BatchDriftLevel => key.WindowSeconds > 0,
        _ => false,
    };

    /// <summary>Measures <paramref name="needed"/> at <paramref name="now"/>.</summary>
    public async Task<CollectedSignals> CollectAsync(IReadOnlyList<ReadingKey> needed, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var observation = new AlertObservation(now);
        var runs = new Dictionary<long, DriftRunInfo>();
        var unavailable = new Dictionary<ReadingKey, string>();
        var storeFailed = false;
        foreach (var group in needed.GroupBy(Kind))
        {
            foreach (var key in group.Key == SignalKind.WindowDrift ? group.DistinctBy(k => k.WindowSeconds) : group)
            {
                try
                {
                    var reason = await MeasureAsync(group.Key, key, observation, runs, now, cancellationToken);
                    if (reason is not null)
                    {
                        unavailable[key] = reason;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException && StoreErrors.Classify(ex) != StoreFailure.None)
                {
                    storeFailed = true;
                    _log.LogWarning(ex, "Alert signal {Signal} over {Window} s could not be read", key.Signal, key.WindowSeconds);
                    unavailable[key] = StoreErrors.Describe(ex);
                }
            }
        }
        foreach (var key in needed.Where(k => k.Signal == AlertSignal.StoreUnreachable))
        {
            var failure = await probe.CheckWritableAsync(cancellationToken);
            // Busy answered (another writer holds the lock); full or read-only is the disk rule's and the floor's business too.
            var unreachable = storeFailed || failure is not (StoreFailure.None or StoreFailure.Busy);
            observation.With(AlertSignal.StoreUnreachable, key.WindowSeconds, unreachable ? 1 : 0, 1);
        }
        // Drift readings are keyed by window; signals measured by another path keep theirs.
        foreach (var key in needed.Where(k => Kind(k) == SignalKind.WindowDrift && observation.Get(k.Signal, k.WindowSeconds) is null && !unavailable.ContainsKey(k)))
        {
            unavailable[key] = unavailable.FirstOrDefault(u => u.Key.WindowSeconds == key.WindowSeconds && Kind(u.Key) == SignalKind.WindowDrift).Value
                ?? "The drift report has no value for this signal (no reference scores, or not measured by the drift tests).";
        }
        return new CollectedSignals(observation, runs, unavailable);
    }

    private async Task<string?> MeasureAsync(SignalKind kind, ReadingKey key, AlertObservation observation, Dictionary<long, DriftRunInfo> runs,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case SignalKind.WindowDrift:
                return await WindowDriftAsync(key.WindowSeconds, observation, runs, now, cancellationToken);
            case SignalKind.LatestBatch:
                return await LatestBatchAsync(observation, cancellationToken);
            case SignalKind.Requests:
                return await RequestsAsync(key, observation, now, cancellationToken);
            case SignalKind.Performance:
                return await PerformanceAsync(key, observation, now, cancellationToken);
            case SignalKind.Queue:
                observation.With(key.Signal, key.WindowSeconds, (double)queue.Count / Math.Max(1, queue.Capacity), queue.Count);
                return null;
            case SignalKind.Disk:
                if (freeSpace.AvailableBytes() is not { } free)
                {
                    return "Free disk space is not known (PostgreSQL or an in-memory store).";
                }
                observation.With(key.Signal, key.WindowSeconds, free / (1024.0 * 1024.0), 1);
                return null;
            case SignalKind.AuthFailures:
                var (perMinute, count) = authFailures.Rate(key.WindowSeconds);
                observation.With(key.Signal, key.WindowSeconds, perMinute, count);
                return null;
            default:
                return null; // store_unreachable is measured after the others
        }
    }

    private async Task<string?> WindowDriftAsync(long windowSeconds, AlertObservation observation, Dictionary<long, DriftRunInfo> runs, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (windowSeconds <= 0)
        {
            return "Window drift needs window_seconds > 0.";
        }
        try
        {
            var window = new TimeWindow(now.AddSeconds(-windowSeconds).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
            var run = await drift.ForWindowAsync(window, cancellationToken: cancellationToken);
            observation.WithDrift(run.Report, windowSeconds);
            runs[windowSeconds] = new DriftRunInfo(run.RunId, run.Subject, run.Report.CurrentRows);
            return null;
        }
        catch (DriftServiceException ex)
        {
            return ex.Message;
        }
    }

    private async Task<string?> LatestBatchAsync(AlertObservation observation, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var latest = await db.Batches.AsNoTracking().Where(b => b.Status == BatchStatus.Completed && b.DriftJson != null)
            .OrderByDescending(b => b.Id).Select(b => b.DriftJson).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return "No completed batch with a drift report.";
        }
        var report = DriftReportJson.Deserialize(latest);
        observation.With(AlertSignal.BatchDriftLevel, 0, (int)report.AlertLevel, report.CurrentRows);
        return null;
    }

    private async Task<string?> RequestsAsync(ReadingKey key, AlertObservation observation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // window 0 = the latest minute: a rate needs some span.
        var seconds = key.WindowSeconds > 0 ? key.WindowSeconds : 60;
        var from = now.AddSeconds(-seconds).ToUnixTimeMilliseconds();
        var to = now.ToUnixTimeMilliseconds();
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.ApiRequests.AsNoTracking()
            .Where(r => r.TimestampMs >= from && r.TimestampMs < to && r.Endpoint.StartsWith("/predict"))
            .OrderByDescending(r => r.TimestampMs).Take(Math.Max(1, options.Value.MaxRequestRows))
            .Select(r => new { r.StatusCode, r.DurationMs }).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"No /predict request in the last {seconds} s.");
        }
        if (key.Signal == AlertSignal.PredictErrorRate)
        {
            observation.With(key.Signal, key.WindowSeconds, (double)rows.Count(r => r.StatusCode >= 500) / rows.Count, rows.Count);
        }
        else
        {
            var durations = rows.Select(r => r.DurationMs).Order().ToArray();
            observation.With(key.Signal, key.WindowSeconds, Quantiles.Linear(durations, 0.99), rows.Count);
        }
        return null;
    }

    private async Task<string?> PerformanceAsync(ReadingKey key, AlertObservation observation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seconds = key.WindowSeconds > 0 ? key.WindowSeconds : 7 * 86_400;
        var window = new TimeWindow(now.AddSeconds(-seconds).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
        // One chunk over the whole window: the rule asks about the window, not about weeks inside it.
        var report = await performance.GetAsync(new PerformanceQuery(window, ChunkPeriod.Week, ChunkSize: int.MaxValue), cancellationToken);
        if (report.Reference is not RealizedMetrics { F1: MetricEstimate referenceF1 })
        {
            return "The champion has no reference F1 band (no labelled holdout).";
        }
        if (key.Signal == AlertSignal.EstimatedF1VsReferenceLower)
        {
            if (report.Buckets.LastOrDefault(b => b.Estimated is not null) is not { Estimated: { } estimate } bucket)
            {
                return report.CbpeUnavailable ?? "No CBPE estimate for this window.";
            }
            observation.With(key.Signal, key.WindowSeconds, estimate.Estimated.F1 - referenceF1.Lower, bucket.Rows);
            return null;
        }
        if (report.Realized is not RealizedMetrics { F1: MetricEstimate realized } metrics)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Too few labelled predictions ({report.Labelled}; at least {report.MinLabelled}).");
        }
        observation.With(key.Signal, key.WindowSeconds, realized.Value - referenceF1.Lower, metrics.LabelledRows);
        return null;
    }

    private static SignalKind Kind(ReadingKey key) => key.Signal switch
    {
        AlertSignal.BatchDriftLevel when key.WindowSeconds == 0 => SignalKind.LatestBatch,
        AlertSignal.BatchDriftLevel or AlertSignal.WindowDriftShare or AlertSignal.PredictionDriftPValue or AlertSignal.ScorePsi
            or AlertSignal.ScoreWasserstein => SignalKind.WindowDrift,
        AlertSignal.EstimatedF1VsReferenceLower or AlertSignal.RealizedF1VsReferenceLower => SignalKind.Performance,
        AlertSignal.PredictErrorRate or AlertSignal.LatencyP99Ms => SignalKind.Requests,
        AlertSignal.QueueDepthShare => SignalKind.Queue,
        AlertSignal.DiskFreeMegabytes => SignalKind.Disk,
        AlertSignal.AuthFailuresPerMinute => SignalKind.AuthFailures,
        _ => SignalKind.Store,
    };

    private enum SignalKind { WindowDrift, LatestBatch, Requests, Performance, Queue, Disk, AuthFailures, Store }
}
