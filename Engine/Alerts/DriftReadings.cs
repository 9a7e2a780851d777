using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Alerts;

/// <summary>Turns a drift report into alert readings, so a collector does not re-derive them.</summary>
public static class DriftReadings
{
    /// <summary>
    /// Adds the report's level (<see cref="AlertSignal.BatchDriftLevel"/>), drift share, and, with prediction drift,
    /// its KS p-value, the score PSI and the normed score Wasserstein distance, all under <paramref name="windowSeconds"/> with the current rows as sample.
    /// </summary>
    public static AlertObservation WithDrift(this AlertObservation observation, DriftReport report, long windowSeconds)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(report);
        observation.With(AlertSignal.BatchDriftLevel, windowSeconds, (int)report.AlertLevel, report.CurrentRows)
            .With(AlertSignal.WindowDriftShare, windowSeconds, report.DriftShare, report.CurrentRows);
        if (report.PredictionDrift is { } prediction)
        {
            observation.With(AlertSignal.PredictionDriftPValue, windowSeconds, prediction.PValue, prediction.CurrentCount);
            if (ScorePsi(prediction) is { } psi)
            {
                observation.With(AlertSignal.ScorePsi, windowSeconds, psi, prediction.CurrentCount);
            }
            if (prediction.NormedWasserstein is { } wasserstein)
            {
                observation.With(AlertSignal.ScoreWasserstein, windowSeconds, wasserstein, prediction.CurrentCount);
            }
        }
        return observation;
    }

    /// <summary>PSI of the score histogram the report carries (zero shares filled as Evidently does), or null without one.</summary>
    public static double? ScorePsi(PredictionDriftResult prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.Histogram is not { } h || h.ReferenceCounts.Count == 0)
        {
            return null;
        }
        var reference = Shares(h.ReferenceCounts);
        var current = Shares(h.CurrentCounts);
        return reference is null || current is null ? null : Divergences.PopulationStabilityIndex(reference, current);
    }

    private static double[]? Shares(IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }
        var shares = counts.Select(c => (double)c / total).ToArray();
        HistogramBinning.FillZeroes(shares);
        return shares;
    }
}
