using LeadScoring.Core.Performance;
using LeadScoring.Engine.Performance.Business;
using LeadScoring.Engine.Performance.Calibration;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Metrics;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>A metric with its 95 % interval; null value with a reason where it means nothing.</summary>
public sealed record MetricJson(double? Value, double? Lower, double? Upper, string? Reason);

/// <summary>Realized metrics of a bucket, the window or the reference (holdout).</summary>
public sealed record RealizedJson(long Labelled, long? Positives, double? BaseRate, string? TooFewLabels,
    IReadOnlyDictionary<string, MetricJson>? Metrics);

/// <summary>CBPE for one bucket: estimate, sampling error, band (estimate ± 3 SE) and alerts per metric.</summary>
public sealed record EstimatedJson(IReadOnlyDictionary<string, double?> Estimated, IReadOnlyDictionary<string, double?> SamplingError,
    IReadOnlyDictionary<string, double?> Lower, IReadOnlyDictionary<string, double?> Upper, IReadOnlyList<string> Alerts);

/// <summary>One bucket.</summary>
public sealed record PerformanceBucketJson(string Key, DateTime? Start, int Rows, int Labelled, int Pending, int NoOutcome,
    double LabelledShare, RealizedJson Realized, EstimatedJson? Estimated, IReadOnlyList<string> Flags);

/// <summary>The answer of <c>GET /api/performance</c>: everything the Performance page shows.</summary>
public sealed record PerformanceResponse(
    string? ModelVersion, double Threshold, string Bucket, DateTime From, DateTime To,
    LabelRule LabelRule, int MinLabelled, int Rows, int Labelled, int Pending, int NoOutcome, bool Truncated,
    string? Calibration, string? CbpeUnavailable, IReadOnlyDictionary<string, MetricThreshold>? Thresholds,
    RealizedJson? Reference, RealizedJson Realized, IReadOnlyList<PerformanceBucketJson> Buckets,
    ReliabilityDiagram? ReferenceCalibration, ReliabilityDiagram? WindowCalibration,
    IReadOnlyList<GainsDecile>? RealizedGains, IReadOnlyList<GainsDecile>? ExpectedGains,
    IReadOnlyList<TopKValue> TopK, CapacityPlan? Capacity)
{
    private static readonly string[] s_realized = ["roc_auc", "average_precision", "precision", "recall", "f1", "accuracy", "brier", "log_loss"];

    public static PerformanceResponse Create(PerformanceReport r) => new(
        r.Version?.Label, r.Version?.DecisionThreshold ?? 0.5, r.Query.ChunkSize is > 0 ? $"chunk of {r.Query.ChunkSize} rows" : r.Query.Bucket.ToString().ToLowerInvariant(),
        DateTimeOffset.FromUnixTimeMilliseconds(r.Query.Window.FromMs).UtcDateTime,
        r.Query.Window.ToMs == long.MaxValue ? DateTime.MaxValue : DateTimeOffset.FromUnixTimeMilliseconds(r.Query.Window.ToMs).UtcDateTime,
        r.Rule, r.MinLabelled, r.Rows, r.Labelled, r.Pending, r.NoOutcome, r.Truncated,
        r.Cbpe?.Calibration, r.CbpeUnavailable, r.Cbpe?.Thresholds,
        r.Reference is null ? null : ToJson(r.Reference), ToJson(r.Realized),
        [.. r.Buckets.Select((b, i) => new PerformanceBucketJson(b.Key, b.Start, b.Rows, b.Labelled, b.Pending, b.NoOutcome,
            b.LabelledShare, ToJson(b.Realized), b.Estimated is null ? null : Estimated(b.Estimated),
            [.. r.Flags.Where(f => f.Value[i].Flagged).Select(f => f.Key)]))],
        Clean(r.ReferenceCalibration), Clean(r.WindowCalibration), r.RealizedGains?.Deciles, r.ExpectedGains?.Deciles, r.TopK, r.Capacity);

    private static RealizedJson ToJson(RealizedPerformance realized) => realized switch
    {
        RealizedMetrics m => new(m.LabelledRows, m.Positives, m.BaseRate, null,
            s_realized.ToDictionary(name => name, name => Metric(m.Get(name)))),
        RealizedTooFewLabels t => new(t.LabelledRows, null, null, $"too few labels: {t.LabelledRows} of the {t.Minimum} needed", null),
        _ => new(realized.Labelled, null, null, null, null),
    };

    private static MetricJson Metric(MetricResult result) => result switch
    {
        MetricEstimate e => new(Number(e.Value), Number(e.Lower), Number(e.Upper), null),
        MetricNotDefined n => new(null, null, null, n.Reason),
        _ => new(null, null, null, null),
    };

    private static EstimatedJson Estimated(CbpeChunkResult c) => new(Values(c.Estimated), Values(c.SamplingError),
        Values(c.LowerConfidenceBound), Values(c.UpperConfidenceBound), c.Alerts);

    private static Dictionary<string, double?> Values(MetricValues v) => CbpeMetrics.Names.ToDictionary(n => n, n => Number(v[n]));

    private static ReliabilityDiagram? Clean(ReliabilityDiagram? d) => d is null || double.IsFinite(d.ExpectedCalibrationError) ? d : null;

    /// <summary>NaN and infinities have no JSON form: null.</summary>
    public static double? Number(double value) => double.IsFinite(value) ? value : null;
}
