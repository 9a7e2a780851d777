using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>Score (prediction) drift: two-sample KS between reference and current scores.</summary>
/// <param name="Statistic">KS D (the effect size).</param>
/// <param name="PValue">scipy <c>ks_2samp</c> p-value.</param>
/// <param name="Method">Exact or asymptotic.</param>
/// <param name="AlertLevel">Red when p &lt; 0.01 (the original study's alert), yellow when p &lt; 0.05, else green.</param>
/// <param name="ReferenceCount">Non-missing reference scores.</param>
/// <param name="CurrentCount">Non-missing current scores.</param>
/// <param name="Histogram">Reference and current score histograms.</param>
public sealed record PredictionDriftResult(double Statistic, double PValue, KsMethod Method, DriftAlertLevel AlertLevel,
    long ReferenceCount, long CurrentCount, DriftHistogram? Histogram)
{
    /// <summary>True when the alert level is red.</summary>
    public bool Drifted => AlertLevel == DriftAlertLevel.Red;

    /// <summary>
    /// Wasserstein distance of the scores divided by the reference scores' population standard deviation (floored at
    /// 0.001): Evidently's normed Wasserstein, an effect size for alert rules. Null when read back from a report stored
    /// before it was computed.
    /// </summary>
    public double? NormedWasserstein { get; init; }
}

/// <summary>Prediction drift computations.</summary>
public static class PredictionDrift
{
    /// <summary>p below this is red (original study: "score KS p &lt; 0.01 → alert").</summary>
    public const double RedPValue = 0.01;

    /// <summary>p below this is yellow ("0.01–0.05 investigate").</summary>
    public const double YellowPValue = 0.05;

    /// <summary>KS of current scores against precomputed reference scores (<see cref="DriftReference.Scores"/>).</summary>
    public static PredictionDriftResult Run(NumericReferenceColumn referenceScores, double[] currentScores)
    {
        ArgumentNullException.ThrowIfNull(referenceScores);
        ArgumentNullException.ThrowIfNull(currentScores);
        if (referenceScores.Count == 0)
        {
            throw new ArgumentException("The reference has no scores.", nameof(referenceScores));
        }
        var c = ColumnCounting.Count(referenceScores, currentScores, null, trackUnseen: false);
        if (c.Count == 0)
        {
            throw new ArgumentException("The current data has no finite scores.", nameof(currentScores));
        }
        return Result(referenceScores, c, NumericDriftMath.Wasserstein(referenceScores, c, currentScores, null));
    }

    /// <summary>From merged score counts: the crossing gaps come from the exact off-grid scores or the supplied ones.</summary>
    internal static PredictionDriftResult FromCounts(NumericReferenceColumn referenceScores, NumericTally scores)
    {
        var c = scores.ToCounts(referenceScores, trackUnseen: false);
        var w = NumericDriftMath.Wasserstein(referenceScores, c,
            crossing => NumericDriftMath.CountedCrossingGaps(referenceScores, c, k => scores.SortedGapValues(referenceScores, k), crossing));
        return Result(referenceScores, c, w);
    }

    private static PredictionDriftResult Result(NumericReferenceColumn referenceScores, NumericCounts c, double wasserstein)
    {
        var ks = KolmogorovSmirnov.FromStatistic(NumericDriftMath.KsStatistic(referenceScores, c), referenceScores.Count, c.Count);
        var level = ks.PValue < RedPValue ? DriftAlertLevel.Red : ks.PValue < YellowPValue ? DriftAlertLevel.Yellow : DriftAlertLevel.Green;
        return new PredictionDriftResult(ks.Statistic, ks.PValue, ks.Method, level, referenceScores.Count, c.Count,
            NumericDriftMath.PlotHistogram(referenceScores, c, 20))
        {
            NormedWasserstein = wasserstein / Math.Max(referenceScores.PopulationStd, 0.001),
        };
    }

    /// <summary>KS of two raw score arrays (NaN and ±∞ ignored).</summary>
    public static PredictionDriftResult Run(IReadOnlyList<double> referenceScores, double[] currentScores)
        => Run(DriftReference.BuildNumeric(new NumericDriftColumn("score", referenceScores.ToArray(), false), withChunks: false), currentScores);
}
