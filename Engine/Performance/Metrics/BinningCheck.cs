using LeadScoring.Engine.Performance.Sampling;

namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>How far grouping distinct scores into cells moved the bootstrap, measured on the same resamples.</summary>
/// <param name="Cells">Cells of the grouped bootstrap.</param>
/// <param name="MaxResampleDifference">Per metric (<see cref="BootMetric"/> order), the largest
/// |grouped value − exact value| over the resamples.</param>
/// <param name="MaxEndpointDifference">Per metric, the larger of |Δ lower| and |Δ upper| between the two
/// percentile intervals.</param>
/// <param name="ExactWidth">Per metric, the width of the exact (distinct-score) interval.</param>
internal sealed record BinningCheckResult(int Cells, double[] MaxResampleDifference, double[] MaxEndpointDifference,
    double[] ExactWidth);

/// <summary>
/// Measures the approximation of <see cref="BootstrapCells"/> grouping: each resample is drawn at the level of the
/// distinct scores (the textbook stratified bootstrap), its metrics computed exactly, then its counts summed into the
/// grouped cells and the grouped metrics (with the same shift the engine applies) computed on the very same
/// resample. Percentiles are 1-Lipschitz in the sup norm, so an interval end moves by at most the largest per-resample
/// difference.
/// </summary>
internal static class BinningCheck
{
    public static BinningCheckResult Run(ScoreUnits units, double threshold, int maxCells, int resamples, ulong seed,
        double confidenceLevel = 0.95)
    {
        var exactCells = BootstrapCells.Build(units, threshold, int.MaxValue);
        var grouped = BootstrapCells.Build(units, threshold, maxCells);
        var metrics = StratifiedBootstrap.MetricCount;
        var exactValues = new double[metrics][];
        var groupedValues = new double[metrics][];
        for (var m = 0; m < metrics; m++)
        {
            exactValues[m] = new double[resamples];
            groupedValues[m] = new double[resamples];
        }
        var shift = new double[metrics];
        var exactAtOriginal = new double[metrics];
        var groupedAtOriginal = new double[metrics];
        StratifiedBootstrap.Evaluate(exactCells, exactCells.Positives, exactCells.Negatives, exactAtOriginal);
        StratifiedBootstrap.Evaluate(grouped, grouped.Positives, grouped.Negatives, groupedAtOriginal);
        for (var m = 0; m < metrics; m++)
        {
            shift[m] = grouped.IsExact ? 0 : exactAtOriginal[m] - groupedAtOriginal[m];
        }
        var pos = new int[exactCells.Count];
        var neg = new int[exactCells.Count];
        var gPos = new int[grouped.Count];
        var gNeg = new int[grouped.Count];
        var stats = new double[metrics];
        for (var r = 0; r < resamples; r++)
        {
            var rng = new Xoshiro256(seed, (ulong)r);
            Multinomial.Sample(ref rng, exactCells.TotalPositives, exactCells.PositivePrefix, pos);
            Multinomial.Sample(ref rng, exactCells.TotalNegatives, exactCells.NegativePrefix, neg);
            StratifiedBootstrap.Evaluate(exactCells, pos, neg, stats);
            for (var m = 0; m < metrics; m++)
            {
                exactValues[m][r] = stats[m];
            }
            for (var k = 0; k < grouped.Count; k++)
            {
                int a = 0, b = 0;
                for (var u = grouped.UnitBounds[k]; u < grouped.UnitBounds[k + 1]; u++)
                {
                    a += pos[u];
                    b += neg[u];
                }
                gPos[k] = a;
                gNeg[k] = b;
            }
            StratifiedBootstrap.Evaluate(grouped, gPos, gNeg, stats);
            for (var m = 0; m < metrics; m++)
            {
                groupedValues[m][r] = stats[m] + shift[m];
            }
        }
        var alpha = (1 - confidenceLevel) / 2;
        var maxResample = new double[metrics];
        var maxEndpoint = new double[metrics];
        var width = new double[metrics];
        for (var m = 0; m < metrics; m++)
        {
            var e = exactValues[m];
            var g = groupedValues[m];
            for (var r = 0; r < resamples; r++)
            {
                if (!double.IsNaN(e[r]) && !double.IsNaN(g[r]))
                {
                    maxResample[m] = Math.Max(maxResample[m], Math.Abs(e[r] - g[r]));
                }
            }
            var (eLo, eHi) = Interval(e, alpha);
            var (gLo, gHi) = Interval(g, alpha);
            maxEndpoint[m] = Math.Max(Math.Abs(eLo - gLo), Math.Abs(eHi - gHi));
            width[m] = eHi - eLo;
        }
        return new BinningCheckResult(grouped.Count, maxResample, maxEndpoint, width);
    }

    private static (double, double) Interval(double[] values, double alpha)
    {
        var valid = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        return (StratifiedBootstrap.Percentile(valid, valid.Length, 100 * alpha),
            StratifiedBootstrap.Percentile(valid, valid.Length, 100 * (1 - alpha)));
    }
}
