namespace LeadScoring.Engine.Performance.Cbpe;

/// <summary>Alert thresholds learned from the reference chunks.</summary>
/// <param name="ReferenceMean">Mean of the metric over reference chunks (NaN chunks ignored).</param>
/// <param name="Lower">Lower threshold (mean − 3σ, raised to the metric's lower bound when it falls at or below it).</param>
/// <param name="Upper">Upper threshold (mean + 3σ, lowered to the metric's upper bound when it reaches it).</param>
public sealed record MetricThreshold(double ReferenceMean, double Lower, double Upper)
{
    /// <summary>NannyML's <c>Metric.alert</c>: value &lt; lower or value &gt; upper (NaN never alerts).</summary>
    public bool Alerts(double value) => value < Lower || value > Upper;
}

/// <summary>
/// nannyml/thresholds.py <c>StandardDeviationThreshold</c> (multipliers 3, aggregate <c>np.nanmean</c>, spread
/// <c>np.nanstd</c> — population σ) and <c>calculate_threshold_values</c> (a lower threshold ≤ the lower limit is
/// replaced by the limit, an upper threshold ≥ the upper limit likewise; CBPE's metrics all have limits 0 and 1).
/// </summary>
public static class AlertThresholds
{
    /// <summary>Thresholds from the reference chunk values.</summary>
    public static MetricThreshold StandardDeviation(IReadOnlyList<double> referenceChunkValues,
        double lowerMultiplier = 3, double upperMultiplier = 3, double lowerLimit = 0, double upperLimit = 1)
    {
        ArgumentNullException.ThrowIfNull(referenceChunkValues);
        var valid = referenceChunkValues.Where(v => !double.IsNaN(v)).ToArray();
        if (valid.Length == 0)
        {
            return new MetricThreshold(double.NaN, double.NaN, double.NaN);
        }
        var mean = valid.Average();
        var std = Math.Sqrt(valid.Sum(v => (v - mean) * (v - mean)) / valid.Length);
        var lower = mean - std * lowerMultiplier;
        var upper = mean + std * upperMultiplier;
        if (lower <= lowerLimit)
        {
            lower = lowerLimit;
        }
        if (upper >= upperLimit)
        {
            upper = upperLimit;
        }
        return new MetricThreshold(mean, lower, upper);
    }
}
