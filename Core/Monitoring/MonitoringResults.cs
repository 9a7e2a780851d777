namespace LeadScoring.Core.Monitoring;

/// <summary>Equal-width bins over [Min, Max]; <see cref="Counts"/>[i] covers [Min + i·w, Min + (i+1)·w), the last bin closed.</summary>
public sealed record Histogram(double Min, double Max, long[] Counts)
{
    public double BinWidth => (Max - Min) / Counts.Length;
    public long Total => Counts.Sum();
    public double[] Centers => [.. Enumerable.Range(0, Counts.Length).Select(i => Min + (i + 0.5) * BinWidth)];
}

/// <summary>
/// Summary of predicted scores in a window. Count, mean, standard deviation and share are exact. Median and P95 are
/// numpy-linear quantiles: exact up to <see cref="MonitoringQueries.ExactRowLimit"/> scores, otherwise (when
/// <paramref name="Approximate"/>) estimated from 1,000 bins over [0, 1] and off by less than one bin width, 0.001.
/// </summary>
public sealed record ScoreSummary(long Count, double Mean, double Median, double StdDev, double P95, double ShareAtOrAboveThreshold,
    double Threshold, bool Approximate = false);

/// <summary>Latency percentiles (ms) of one time bucket.</summary>
public sealed record LatencyPoint(DateTimeOffset Time, long Count, double P50, double P95, double P99);

/// <summary>
/// Latency over a window: overall percentiles per kind and a series per bucket. Percentiles are numpy-linear: exact up
/// to <see cref="MonitoringQueries.ExactRowLimit"/> predictions, otherwise (when <paramref name="Approximate"/>)
/// estimated from logarithmic bins and off by less than 1.01 % of the value (see <see cref="MonitoringQueries.LatencyBinsPerE"/>).
/// The approximate histogram places each logarithmic bin by its midpoint, so values within 1 % of a bin edge may be
/// counted in the neighbouring bin.
/// </summary>
public sealed record LatencyReport(
    long Count, double InferenceP50, double InferenceP95, double InferenceP99, double EndToEndP50, double EndToEndP95,
    double EndToEndP99, IReadOnlyList<LatencyPoint> Inference, IReadOnlyList<LatencyPoint> EndToEnd, Histogram? InferenceHistogram,
    bool Approximate = false);

/// <summary>Count per time bucket.</summary>
public sealed record CountPoint(DateTimeOffset Time, long Count);

/// <summary>Mean score and volume per time bucket.</summary>
public sealed record ScoreTrendPoint(DateTimeOffset Time, long Count, double MeanScore, double ShareEngaged);

/// <summary>HTTP traffic in a window.</summary>
public sealed record RequestSummary(long Total, long ServerErrors, long ClientErrors, double RequestsPerMinute)
{
    /// <summary>5xx share: client mistakes (4xx) are not the service's errors.</summary>
    public double ErrorRate => Total == 0 ? 0 : (double)ServerErrors / Total;
}

/// <summary>Share of health probes that found the service healthy.</summary>
public sealed record UptimeSummary(long Probes, long Healthy)
{
    /// <summary>Null when nothing was probed: "unknown", never a flattering 100 %.</summary>
    public double? Ratio => Probes == 0 ? null : (double)Healthy / Probes;
}
