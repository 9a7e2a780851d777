using LeadScoring.Engine.Performance.Sampling;

namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>The metrics the bootstrap resamples, in array order.</summary>
internal enum BootMetric
{
    RocAuc,
    AveragePrecision,
    Precision,
    Recall,
    F1,
    Accuracy,
    Brier,
    LogLoss,
}

/// <summary>
/// Stratified bootstrap on <see cref="BootstrapCells"/>: each resample draws the P positives as
/// Multinomial(P, cell positive shares) and the N negatives as Multinomial(N, cell negative shares) by binomial
/// splitting (so class counts are fixed, as with resampling each class separately), then evaluates every metric on
/// the resampled cell counts in O(cells). Resample r uses its own generator stream (seed, r), so results do not
/// depend on the number of threads.
/// </summary>
internal static class StratifiedBootstrap
{
    public const int MetricCount = 8;

    /// <summary>Resampled values, [metric][resample] (NaN where a metric is undefined in a resample), plus, for the
    /// ROC AUC, the largest per-resample standard-deviation bound of the binning error.</summary>
    public static (double[][] Values, double AucBinningSd) Run(BootstrapCells cells, int resamples, ulong seed,
        int maxDegreeOfParallelism)
    {
        var values = new double[MetricCount][];
        for (var m = 0; m < MetricCount; m++)
        {
            values[m] = new double[resamples];
        }
        var sdBound = new double[resamples];
        var blocks = Math.Max(1, Math.Min(maxDegreeOfParallelism, resamples / 16));
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism) };
        Parallel.For(0, blocks, options, block =>
        {
            var pos = new int[cells.Count];
            var neg = new int[cells.Count];
            var stats = new double[MetricCount];
            var start = (int)((long)resamples * block / blocks);
            var end = (int)((long)resamples * (block + 1) / blocks);
            for (var r = start; r < end; r++)
            {
                var rng = new Xoshiro256(seed, (ulong)r);
                Multinomial.Sample(ref rng, cells.TotalPositives, cells.PositivePrefix, pos);
                Multinomial.Sample(ref rng, cells.TotalNegatives, cells.NegativePrefix, neg);
                sdBound[r] = Evaluate(cells, pos, neg, stats);
                for (var m = 0; m < MetricCount; m++)
                {
                    values[m][r] = stats[m];
                }
            }
        });
        return (values, cells.IsExact ? 0 : sdBound.Max());
    }

    /// <summary>
    /// Every metric on cell counts <paramref name="pos"/>/<paramref name="neg"/>; returns the standard-deviation bound
    /// of the within-cell AUC error, sqrt(Σ a·b·(a+b−1)/4)/(P·N), which is 0 for exact (one-score) cells.
    /// </summary>
    public static double Evaluate(BootstrapCells cells, ReadOnlySpan<int> pos, ReadOnlySpan<int> neg,
        Span<double> stats)
    {
        var totalPos = cells.TotalPositives;
        var totalNeg = cells.TotalNegatives;
        double rows = totalPos + totalNeg;
        long twiceU = 0, negativesBelow = 0, tp = 0, fp = 0;
        double kappa = 0, brier = 0, logLoss = 0, varianceBound = 0;
        var first = cells.FirstAtOrAboveThreshold;
        for (var c = 0; c < cells.Count; c++)
        {
            long a = pos[c];
            long b = neg[c];
            twiceU += a * (2 * negativesBelow + b);
            negativesBelow += b;
            if (a > 0 && b > 0)
            {
                var ab = (double)(a * b);
                kappa += ab * cells.Kappa[c];
                varianceBound += ab * (a + b - 1);
            }
            brier += a * cells.BrierPositive[c] + b * cells.BrierNegative[c];
            logLoss += a * cells.LogLossPositive[c] + b * cells.LogLossNegative[c];
            if (c >= first)
            {
                tp += a;
                fp += b;
            }
        }
        var pn = (double)totalPos * totalNeg;
        stats[(int)BootMetric.RocAuc] = pn > 0 ? (twiceU / 2.0 + (cells.IsExact ? 0 : kappa)) / pn : double.NaN;

        // Average precision: descending cells, one threshold per cell.
        if (totalPos > 0)
        {
            long ctp = 0, cfp = 0;
            double ap = 0;
            for (var c = cells.Count - 1; c >= 0; c--)
            {
                var a = pos[c];
                ctp += a;
                cfp += neg[c];
                if (a > 0)
                {
                    ap += (double)a / totalPos * ((double)ctp / (ctp + cfp));
                }
            }
            stats[(int)BootMetric.AveragePrecision] = ap;
        }
        else
        {
            stats[(int)BootMetric.AveragePrecision] = double.NaN;
        }

        var fn = totalPos - tp;
        var tn = totalNeg - fp;
        stats[(int)BootMetric.Precision] = tp + fp > 0 ? (double)tp / (tp + fp) : double.NaN;
        stats[(int)BootMetric.Recall] = totalPos > 0 ? (double)tp / totalPos : double.NaN;
        stats[(int)BootMetric.F1] = 2 * tp + fp + fn > 0 ? 2.0 * tp / (2 * tp + fp + fn) : double.NaN;
        stats[(int)BootMetric.Accuracy] = rows > 0 ? (tp + tn) / rows : double.NaN;
        stats[(int)BootMetric.Brier] = rows > 0 ? brier / rows : double.NaN;
        stats[(int)BootMetric.LogLoss] = rows > 0 ? logLoss / rows : double.NaN;
        return cells.IsExact || pn == 0 ? 0 : Math.Sqrt(varianceBound / 4) / pn;
    }

    /// <summary>
    /// numpy's <c>percentile(values, q)</c> with the default linear method over the non-NaN values (sorted in place
    /// into a copy). NaN when there is none.
    /// </summary>
    public static double Percentile(double[] sortedValidValues, int count, double q)
    {
        if (count == 0)
        {
            return double.NaN;
        }
        var position = q / 100.0 * (count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, count - 1);
        var fraction = position - lower;
        return sortedValidValues[lower] + (sortedValidValues[upper] - sortedValidValues[lower]) * fraction;
    }
}
