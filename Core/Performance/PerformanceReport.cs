using LeadScoring.Core.Models;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Performance.Business;
using LeadScoring.Engine.Performance.Calibration;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Comparison;
using LeadScoring.Engine.Performance.Metrics;

namespace LeadScoring.Core.Performance;

/// <summary>What the Performance page and <c>GET /api/performance</c> ask for.</summary>
/// <param name="Window">Predictions made in this window.</param>
/// <param name="Bucket">Day, week or month buckets.</param>
/// <param name="ModelVersionId">The version; null: the champion.</param>
/// <param name="ChunkSize">CBPE chunks of this many rows instead of time buckets; null: by bucket.</param>
/// <param name="Capacity">Leads called per day (k of precision@k, the capacity planner); null: the configured default.</param>
public sealed record PerformanceQuery(TimeWindow Window, ChunkPeriod Bucket = ChunkPeriod.Week, int? ModelVersionId = null,
    int? ChunkSize = null, int? Capacity = null);

/// <summary>How predictions without an outcome are treated (shown on the page with every figure).</summary>
/// <param name="MaturityDays">Until this age a prediction without outcome is pending.</param>
/// <param name="AbsentMeansNegative">After it: counted as not converted (true) or left out (false).</param>
public sealed record LabelRule(int MaturityDays, bool AbsentMeansNegative);

/// <summary>One bucket (or chunk) of the window.</summary>
/// <param name="Key">"2026-11-30", "2026-11-30/2026-12-06", "2026-11", or the chunk's row range.</param>
/// <param name="Start">Bucket start (UTC), for time buckets.</param>
/// <param name="Rows">Predictions in the bucket.</param>
/// <param name="Labelled">With an outcome (or counted as negative by the rule).</param>
/// <param name="Pending">Without outcome and younger than the maturity age.</param>
/// <param name="NoOutcome">Without outcome and mature (left out unless the rule counts them negative).</param>
/// <param name="Realized">Realized metrics with intervals, or too few labels.</param>
/// <param name="Estimated">CBPE estimate with its band; null when the version has no CBPE reference.</param>
public sealed record PerformanceBucket(string Key, DateTime? Start, int Rows, int Labelled, int Pending, int NoOutcome,
    RealizedPerformance Realized, CbpeChunkResult? Estimated)
{
    /// <summary>Labelled share of the bucket's predictions.</summary>
    public double LabelledShare => Rows == 0 ? 0 : (double)Labelled / Rows;
}

/// <summary>Everything the Performance page shows for one query.</summary>
public sealed record PerformanceReport(
    PerformanceQuery Query,
    ModelVersionInfo? Version,
    LabelRule Rule,
    int MinLabelled,
    int Rows,
    int Labelled,
    int Pending,
    int NoOutcome,
    bool Truncated,
    RealizedPerformance? Reference,
    string? CbpeUnavailable,
    CbpeState? Cbpe,
    RealizedPerformance Realized,
    IReadOnlyList<PerformanceBucket> Buckets,
    IReadOnlyDictionary<string, IReadOnlyList<BucketFlag>> Flags,
    ReliabilityDiagram? ReferenceCalibration,
    ReliabilityDiagram? WindowCalibration,
    GainsTable? RealizedGains,
    GainsTable? ExpectedGains,
    IReadOnlyList<TopKValue> TopK,
    CapacityPlan? Capacity)
{
    /// <summary>Metrics that get worse-than-reference flags (two consecutive buckets wholly below the reference interval).</summary>
    public static IReadOnlyList<string> FlaggedMetrics { get; } = ["roc_auc", "f1", "precision", "recall"];
}

/// <summary>The Overview tile's answer to "is the model still good?".</summary>
/// <param name="Version">The champion, e.g. "v1".</param>
/// <param name="EstimatedBucket">The latest week with an estimate.</param>
/// <param name="Estimated">Its CBPE estimate and band.</param>
/// <param name="ReferenceF1">F1 on the holdout, with its interval.</param>
/// <param name="RealizedBucket">The latest week with enough labels.</param>
/// <param name="RealizedF1">Its realized F1, with its interval.</param>
/// <param name="Flagged">Metrics flagged worse in the latest week.</param>
/// <param name="CbpeUnavailable">Why there is no estimate, or null.</param>
public sealed record ModelHealth(string? Version, string? EstimatedBucket, CbpeChunkResult? Estimated, MetricResult? ReferenceF1,
    string? RealizedBucket, MetricResult? RealizedF1, IReadOnlyList<string> Flagged, string? CbpeUnavailable);
