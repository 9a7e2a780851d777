using LeadScoring.Core.Models;
using LeadScoring.Core.Outcomes;
using LeadScoring.Core.Storage;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Performance;
using LeadScoring.Engine.Performance.Business;
using LeadScoring.Engine.Performance.Calibration;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Comparison;
using LeadScoring.Engine.Performance.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Performance;

/// <summary>A version's holdout made ready: the CBPE state, the realized figures with intervals, or why there are none.</summary>
public sealed record PreparedReference(PerformanceReference? Reference, CbpeState? Cbpe, RealizedPerformance? Realized, string? Unavailable)
{
    public static PreparedReference Prepare(PerformanceReference? reference, RealizedOptions options) => reference is null
        ? new(null, null, null, "this version was registered without a labelled holdout")
        : new(reference, reference.Cbpe(), RealizedCalculator.Compute(reference.Scores, reference.Labels, options), reference.CbpeUnavailable);
}

/// <summary>One stored prediction as the performance computation needs it.</summary>
/// <param name="TimestampMs">When it was scored (Unix ms).</param>
/// <param name="Score">Its score.</param>
/// <param name="Actual">Its outcome (1, 0), or null while unknown.</param>
public sealed record ScoredPrediction(long TimestampMs, double Score, int? Actual);

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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, PreparedReference> _references = new();

    /// <summary>The label rule in force.</summary>
    public LabelRule Rule => new(outcomeOptions.Value.MaturityDays, outcomeOptions.Value.AbsentMeansNegative);

    public async Task<PerformanceReport> GetAsync(PerformanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Value;
        var versions = await catalog.ListAsync(cancellationToken);
        var version = ModelVersionCatalog.Resolve(versions, query.ModelVersionId);
        var rule = Rule;
        if (version is null)
        {
            var none = new RealizedOptions { MinimumLabelled = settings.MinLabelled };
            return Empty(query, null, rule, settings, none, null, null, "no model version is registered");
        }

        var (prepared, rows, truncated) = await LoadAsync(version, settings, query, cancellationToken);
        var now = time.GetUtcNow();
        return await Task.Run(() => Compute(query, version, rule, settings, prepared, rows, truncated, now), cancellationToken);
    }

    /// <summary>
    /// The computation alone, on predictions already read (in time order): the benchmark times this, the service adds
    /// the store read in front of it.
    /// </summary>
    public static PerformanceReport Compute(PerformanceQuery query, ModelVersionInfo version, LabelRule rule, PerformanceOptions settings,
        PreparedReference prepared, IReadOnlyList<ScoredPrediction> rows, bool truncated, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(rows);
        var realizedOptions = RealizedOptionsFor(version, settings);
        var (reference, cbpe, referenceRealized, unavailable) = (prepared.Reference, prepared.Cbpe, prepared.Realized, prepared.Unavailable);
        if (rows.Count == 0)
        {
            return Empty(query, version, rule, settings, realizedOptions, referenceRealized, cbpe, unavailable) with { Truncated = truncated };
        }
        return Analyze(query, version, rule, settings, realizedOptions, reference, referenceRealized, cbpe, unavailable, rows, truncated, now);
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

    private static PerformanceReport Analyze(PerformanceQuery query, ModelVersionInfo version, LabelRule rule, PerformanceOptions settings,
        RealizedOptions realizedOptions, PerformanceReference? reference, RealizedPerformance? referenceRealized, CbpeState? cbpe,
        string? unavailable, IReadOnlyList<ScoredPrediction> rows, bool truncated, DateTimeOffset now)
    {
        var n = rows.Count;
        var scores = new double[n];
        var outcomes = new sbyte[n];
        var times = new DateTime[n];
        var pending = new bool[n];
        var matureMs = now.ToUnixTimeMilliseconds() - (long)rule.MaturityDays * 86_400_000;
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
        // The window's realized metrics and the per-chunk estimates come from one sort and one pass (PerformanceEngine).
        RealizedPerformance windowRealized;
        IReadOnlyList<CbpeChunkResult>? estimates = null;
        var (allScores, allLabels, allPending) = Labelled([.. Enumerable.Range(0, n)], scores, outcomes, pending);
        if (cbpe is not null)
        {
            var window = PerformanceEngine.Analyze(cbpe, scores, outcomes, chunks, realizedOptions);
            (windowRealized, estimates) = (window.Realized, window.Chunks);
        }
        else
        {
            windowRealized = RealizedCalculator.Compute(allScores, allLabels, realizedOptions);
        }
        var buckets = new PerformanceBucket[chunks.Count];
        foreach (var chunk in chunks)
        {
            var (chunkScores, chunkLabels, pendingCount) = Labelled(chunk.Rows, scores, outcomes, pending);
            buckets[chunk.Index] = new PerformanceBucket(chunk.Key, chunk.Start, chunk.Count, chunkLabels.Length, pendingCount,
                chunk.Count - chunkLabels.Length - pendingCount,
                RealizedCalculator.Compute(chunkScores, chunkLabels, realizedOptions), estimates?[chunk.Index]);
        }

        var flags = referenceRealized is null
            ? new Dictionary<string, IReadOnlyList<BucketFlag>>()
            : PerformanceReport.FlaggedMetrics.ToDictionary(m => m,
                m => ComparisonFlags.Evaluate(referenceRealized, [.. buckets.Select(b => b.Realized)], m));
        var capacity = query.Capacity is > 0 ? query.Capacity.Value : settings.DailyCapacity;
        var lastWeekFrom = times[^1].AddDays(-7);
        var recent = scores.Where((_, i) => times[i] > lastWeekFrom).ToArray();
        var business = cbpe is null ? default : BusinessView.Summarize(cbpe, scores, outcomes, [capacity]);
        return new PerformanceReport(query, version, rule, settings.MinLabelled, n, allLabels.Length, allPending,
            n - allLabels.Length - allPending, truncated, referenceRealized, unavailable, cbpe, windowRealized, buckets, flags,
            reference is null ? null : CalibrationAnalysis.ReliabilityDiagram(reference.Scores, reference.Labels),
            allLabels.Length >= settings.MinLabelled ? CalibrationAnalysis.ReliabilityDiagram(allScores, allLabels) : null,
            business.Realized, business.Expected, business.TopK ?? [],
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

    private static RealizedOptions RealizedOptionsFor(ModelVersionInfo version, PerformanceOptions settings) => new()
    {
        Threshold = version.DecisionThreshold, MinimumLabelled = settings.MinLabelled, Resamples = settings.Resamples, Seed = settings.Seed,
    };

    private async Task<(PreparedReference Reference, List<ScoredPrediction> Rows, bool Truncated)> LoadAsync(ModelVersionInfo version,
        PerformanceOptions settings, PerformanceQuery query, CancellationToken cancellationToken)
    {
        var (versionId, maxRows) = (version.Id, settings.MaxRows);
        await using var db = dbFactory.CreateDbContext();
        // A version's holdout never changes: its CBPE state and realized figures are prepared once per process.
        if (!_references.TryGetValue(versionId, out var prepared))
        {
            var json = await db.ModelVersions.AsNoTracking().Where(m => m.Id == versionId)
                .Select(m => m.PerformanceReferenceJson).SingleOrDefaultAsync(cancellationToken);
            var reference = json is null ? null : PerformanceReference.FromJson(json);
            if (reference is { NeedsFit: true })
            {
                // First use of this version's holdout: fit CBPE once and store the state (calibration choice included) with it.
                reference = PerformanceReference.Fit(new LabelledScores(reference.Scores, reference.Labels), version.DecisionThreshold);
                var stored = reference.ToJson();
                await db.ModelVersions.Where(m => m.Id == versionId)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.PerformanceReferenceJson, stored), cancellationToken);
            }
            prepared = PreparedReference.Prepare(reference, RealizedOptionsFor(version, settings));
            _references[versionId] = prepared;
        }
        var (from, to) = (query.Window.FromMs, query.Window.ToMs);
        // Newest first so a cap keeps the most recent predictions; then back to time order for the buckets.
        var rows = await db.Predictions.AsNoTracking()
            .Where(p => p.ModelVersionId == versionId && p.TimestampMs >= from && p.TimestampMs < to)
            .OrderByDescending(p => p.TimestampMs)
            .Take(maxRows + 1)
            .Select(p => new ScoredPrediction(p.TimestampMs, p.Score, p.ActualEngaged))
            .ToListAsync(cancellationToken);
        var truncated = rows.Count > maxRows;
        if (truncated)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        rows.Reverse();
        return (prepared, rows, truncated);
    }


    private sealed record HealthCache(DateTimeOffset At, ModelHealth Health);
}
