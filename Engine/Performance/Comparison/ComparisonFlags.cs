using LeadScoring.Engine.Performance.Metrics;

namespace LeadScoring.Engine.Performance.Comparison;

/// <summary>Whether a bucket could be compared with the reference.</summary>
public enum BucketState
{
    /// <summary>The bucket has an interval for the metric.</summary>
    Comparable,

    /// <summary>The bucket has fewer labelled rows than the minimum: no interval, no verdict.</summary>
    TooFewLabels,

    /// <summary>The metric is not defined on the bucket (e.g. one outcome only): no verdict.</summary>
    NotDefined,
}

/// <summary>The verdict for one bucket (e.g. one week of labelled predictions).</summary>
/// <param name="Index">Bucket position in the sequence.</param>
/// <param name="State">Whether it could be compared.</param>
/// <param name="Worse">The bucket's interval lies wholly on the bad side of the reference interval (strictly:
/// touching intervals are not worse).</param>
/// <param name="WorseRun">Consecutive worse buckets ending here (0 when not worse).</param>
/// <param name="Flagged">True when this bucket ends a run of at least the required number of consecutive worse
/// buckets (2 by default): a single worse bucket never flags.</param>
public sealed record BucketFlag(int Index, BucketState State, bool Worse, int WorseRun, bool Flagged);

/// <summary>
/// Bucket-versus-reference comparison without flapping: a bucket is worse only when its interval lies wholly below
/// the reference interval (wholly above for losses such as Brier and log loss), and a flag needs
/// <c>consecutive</c> (default 2) worse buckets in a row. A bucket that cannot be compared (too few labels, metric
/// not defined) breaks a run: no verdict is never taken as "worse".
/// </summary>
public static class ComparisonFlags
{
    /// <summary>Default number of consecutive worse buckets that raise a flag.</summary>
    public const int DefaultConsecutive = 2;

    /// <summary>Flags over bucket intervals; null stands for a bucket with too few labels.</summary>
    public static IReadOnlyList<BucketFlag> Evaluate(Interval reference, IReadOnlyList<Interval?> buckets,
        bool higherIsBetter = true, int consecutive = DefaultConsecutive)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        return Evaluate(reference, buckets.Select(b => b is null
            ? (BucketState.TooFewLabels, (Interval?)null)
            : (BucketState.Comparable, b)).ToArray(), higherIsBetter, consecutive);
    }

    /// <summary>
    /// Flags for one metric over realized bucket results (e.g. <see cref="RealizedPerformance"/> per week) against the
    /// reference's realized result. Brier and log loss are losses (lower is better); every other metric is higher-is-better.
    /// </summary>
    public static IReadOnlyList<BucketFlag> Evaluate(RealizedPerformance reference,
        IReadOnlyList<RealizedPerformance> buckets, string metric, int consecutive = DefaultConsecutive)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(buckets);
        if (reference is not RealizedMetrics referenceMetrics
            || referenceMetrics.Get(metric) is not MetricEstimate referenceEstimate)
        {
            throw new ArgumentException("The reference has no interval for this metric.", nameof(reference));
        }
        var states = buckets.Select(b => b switch
        {
            RealizedTooFewLabels => (BucketState.TooFewLabels, (Interval?)null),
            RealizedMetrics m when m.Get(metric) is MetricEstimate e => (BucketState.Comparable, new Interval(e.Lower, e.Upper)),
            _ => (BucketState.NotDefined, null),
        }).ToArray();
        return Evaluate(new Interval(referenceEstimate.Lower, referenceEstimate.Upper), states,
            higherIsBetter: metric is not ("brier" or "log_loss"), consecutive);
    }

    private static IReadOnlyList<BucketFlag> Evaluate(Interval reference,
        IReadOnlyList<(BucketState State, Interval? Interval)> buckets, bool higherIsBetter, int consecutive)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutive, 1);
        var flags = new BucketFlag[buckets.Count];
        var run = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            var (state, interval) = buckets[i];
            var worse = state == BucketState.Comparable && interval is not null && (higherIsBetter
                ? interval.Upper < reference.Lower
                : interval.Lower > reference.Upper);
            run = worse ? run + 1 : 0;
            flags[i] = new BucketFlag(i, state, worse, run, run >= consecutive);
        }
        return flags;
    }
}
