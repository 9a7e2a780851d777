using LeadScoring.Core.Models;
using LeadScoring.Core.Outcomes;
using LeadScoring.Core.Storage;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Performance.Business;
using LeadScoring.Engine.Performance.Calibration;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Comparison;
using LeadScoring.Engine.Performance.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Performance;

/// <summary>
/// Realized and estimated (CBPE) performance of one model version over a window: the store gives (time, score,
/// outcome) per prediction, the label rule decides which are labelled, and the engine does the rest. The page, the
/// API and the Overview tile all call this.
/// </summary>
public sealed class PerformanceService(ILeadScoringDbFactory dbFactory, ModelVersionCatalog catalog, TimeProvider time,
    IOptions<OutcomeOptions> outcomeOptions, IOptions<PerformanceOptions> options)
{
    private const sbyte Unknown = -1;
    private static readonly TimeSpan s_healthCacheFor = TimeSpan.FromMinutes(1);
    private volatile HealthCache? _health; // one reference: readers on other circuits never see half of it

    /// <summary>The label rule in force.</summary>
    public LabelRule Rule => new(outcomeOptions.Value.MaturityDays, outcomeOptions.Value.AbsentMeansNegative);

    public async Task<PerformanceReport> GetAsync(PerformanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Value;
        var versions = await catalog.ListAsync(cancellationToken);
        var version = ModelVersionCatalog.Resolve(versions, query.ModelVersionId);
        var rule = Rule;
        var realizedOptions = new RealizedOptions
        {
            Threshold = version?.DecisionThreshold ?? ModelVersionCatalog.DefaultThreshold,
            MinimumLabelled = settings.MinLabelled, Resamples = settings.Resamples, Seed = settings.Seed,
        };
        if (version is null)
        {
            return Empty(query, null, rule, settings, realizedOptions, null, null, "no model version is registered");
        }

        var (reference, rows, truncated) = await LoadAsync(version.Id, query, settings.MaxRows, cancellationToken);
        var cbpe = reference?.Cbpe();
        var unavailable = reference is null ? "this version was registered without a labelled holdout" : reference.CbpeUnavailable;
        var referenceRealized = reference is null ? null : RealizedCalculator.Compute(reference.Scores, reference.Labels, realizedOptions);
        if (rows.Count == 0)
        {
            return Empty(query, version, rule, settings, realizedOptions, referenceRealized, cbpe, unavailable) with { Truncated = truncated };
        }
        return await Task.Run(() => Analyze(query, version, rule, settings, realizedOptions, reference, referenceRealized, cbpe,
            unavailable, rows, truncated), cancellationToken);
    }

    /// <summary>
    /// The champion's health for the Overview tile: the latest week's CBPE estimate of F1 against the holdout's F1 and
    /// the realized F1 of the latest week with enough mature labels, over the last eight weeks. Cached for a minute
    /// (the tile refreshes often; outcomes arrive in batches).
    /// </summary>
    public async Task<ModelHealth> HealthAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_health is { } cached && now - cached.At < s_healthCacheFor)
        {
            return cached.Health;
        }
        var window = new TimeWindow(now.AddDays(-56).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
        var report = await GetAsync(new PerformanceQuery(window, ChunkPeriod.Week), cancellationToken);
        var estimated = report.Buckets.LastOrDefault(b => b.Estimated is not null);
        var realized = report.Buckets.LastOrDefault(b => b.Realized is RealizedMetrics);
        var health = new ModelHealth(report.Version?.Label, estimated?.Key, estimated?.Estimated,
            report.Reference is RealizedMetrics r ? r.F1 : null, realized?.Key, (realized?.Realized as RealizedMetrics)?.F1,
            [.. report.Flags.Where(f => f.Value.Count > 0 && f.Value[^1].Flagged).Select(f => f.Key)], report.CbpeUnavailable);
        _health = new HealthCache(now, health);
        return health;
    }

    private PerformanceReport Analyze(PerformanceQuery query, ModelVersionInfo version, LabelRule rule, PerformanceOptions settings,
        RealizedOptions realizedOptions, PerformanceReference? reference, RealizedPerformance? referenceRealized, CbpeState? cbpe,
        string? unavailable, List<Row> rows, bool truncated)
    {
        var n = rows.Count;
        var scores = new double[n];
        var outcomes = new sbyte[n];
        var times = new DateTime[n];
        var pending = new bool[n];
        var matureMs = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)rule.MaturityDays * 86_400_000;
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            scores[i] = row.Score;
            times[i] = DateTimeOffset.FromUnixTimeMilliseconds(row.TimestampMs).UtcDateTime;
            if (row.Actual is { } actual)
            {
                outcomes[i] = (sbyte)actual;
            }
            else if (row.TimestampMs > matureMs)
            {
                outcomes[i] = Unknown;
                pending[i] = true;
            }
            else
            {
                outcomes[i] = rule.AbsentMeansNegative ? (sbyte)0 : Unknown;
            }
        }

        var chunks = query.ChunkSize is { } size and > 0 ? Chunking.BySize(n, size) : Chunking.ByPeriod(times, query.Bucket);
        var estimates = cbpe is null ? null : CbpeEstimator.Estimate(cbpe, scores, outcomes, chunks);
        var buckets = new List<PerformanceBucket>(chunks.Count);
        foreach (var chunk in chunks)
        {
            var (chunkScores, chunkLabels, pendingCount) = Labelled(chunk.Rows, scores, outcomes, pending);
            buckets.Add(new PerformanceBucket(chunk.Key, chunk.Start, chunk.Count, chunkLabels.Length, pendingCount,
                chunk.Count - chunkLabels.Length - pendingCount,
                RealizedCalculator.Compute(chunkScores, chunkLabels, realizedOptions), estimates?[chunk.Index]));
        }

        var (allScores, allLabels, allPending) = Labelled([.. Enumerable.Range(0, n)], scores, outcomes, pending);
        var flags = referenceRealized is null
            ? new Dictionary<string, IReadOnlyList<BucketFlag>>()
            : PerformanceReport.FlaggedMetrics.ToDictionary(m => m,
                m => ComparisonFlags.Evaluate(referenceRealized, [.. buckets.Select(b => b.Realized)], m));
        var capacity = query.Capacity is > 0 ? query.Capacity.Value : settings.DailyCapacity;
        var lastWeekFrom = times[^1].AddDays(-7);
        var recent = scores.Where((_, i) => times[i] > lastWeekFrom).ToArray();
        return new PerformanceReport(query, version, rule, settings.MinLabelled, n, allLabels.Length, allPending,
            n - allLabels.Length - allPending, truncated, referenceRealized, unavailable, cbpe,
            RealizedCalculator.Compute(allScores, allLabels, realizedOptions), buckets, flags,
            reference is null ? null : CalibrationAnalysis.ReliabilityDiagram(reference.Scores, reference.Labels),
            allLabels.Length >= settings.MinLabelled ? CalibrationAnalysis.ReliabilityDiagram(allScores, allLabels) : null,
            cbpe is null ? null : BusinessView.Gains(cbpe, scores, outcomes).Realized,
            cbpe is null ? null : BusinessView.Gains(cbpe, scores, outcomes).Expected,
            cbpe is null ? [] : BusinessView.TopK(cbpe, scores, outcomes, [capacity]),
            cbpe is null || recent.Length == 0 ? null : BusinessView.PlanCapacity(cbpe, recent, 7, capacity, version.DecisionThreshold));
    }

    private static (double[] Scores, int[] Labels, int Pending) Labelled(int[] rows, double[] scores, sbyte[] outcomes, bool[] pending)
    {
        var labelled = 0;
        var pendingCount = 0;
        foreach (var r in rows)
        {
            if (outcomes[r] >= 0) { labelled++; }
            else if (pending[r]) { pendingCount++; }
        }
        var s = new double[labelled];
        var l = new int[labelled];
        var k = 0;
        foreach (var r in rows)
        {
            if (outcomes[r] >= 0)
            {
                s[k] = scores[r];
                l[k++] = outcomes[r];
            }
        }
        return (s, l, pendingCount);
    }

    private static PerformanceReport Empty(PerformanceQuery query, ModelVersionInfo? version, LabelRule rule, PerformanceOptions settings,
        RealizedOptions realizedOptions, RealizedPerformance? reference, CbpeState? cbpe, string? unavailable) =>
        new(query, version, rule, settings.MinLabelled, 0, 0, 0, 0, false, reference, unavailable, cbpe,
            RealizedCalculator.Compute([], [], realizedOptions), [], new Dictionary<string, IReadOnlyList<BucketFlag>>(),
            null, null, null, null, [], null);

    private async Task<(PerformanceReference? Reference, List<Row> Rows, bool Truncated)> LoadAsync(int versionId, PerformanceQuery query,
        int maxRows, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var referenceJson = await db.ModelVersions.AsNoTracking().Where(m => m.Id == versionId)
            .Select(m => m.PerformanceReferenceJson).SingleOrDefaultAsync(cancellationToken);
        var (from, to) = (query.Window.FromMs, query.Window.ToMs);
        // Newest first so a cap keeps the most recent predictions; then back to time order for the buckets.
        var rows = await db.Predictions.AsNoTracking()
            .Where(p => p.ModelVersionId == versionId && p.TimestampMs >= from && p.TimestampMs < to)
            .OrderByDescending(p => p.TimestampMs)
            .Take(maxRows + 1)
            .Select(p => new Row(p.TimestampMs, p.Score, p.ActualEngaged))
            .ToListAsync(cancellationToken);
        var truncated = rows.Count > maxRows;
        if (truncated)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        rows.Reverse();
        return (referenceJson is null ? null : PerformanceReference.FromJson(referenceJson), rows, truncated);
    }

    private sealed record Row(long TimestampMs, double Score, int? Actual);

    private sealed record HealthCache(DateTimeOffset At, ModelHealth Health);
}
