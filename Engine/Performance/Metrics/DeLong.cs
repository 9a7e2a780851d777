using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>Two correlated ROC AUCs on the same labelled leads, compared by DeLong's paired test.</summary>
/// <param name="ChampionAuc">The champion's ROC AUC (<see cref="RankMetrics.RocAuc(ReadOnlySpan{double}, ReadOnlySpan{int})"/>).</param>
/// <param name="ChallengerAuc">The challenger's ROC AUC.</param>
/// <param name="ChampionStandardError">DeLong standard error of the champion's AUC.</param>
/// <param name="ChallengerStandardError">DeLong standard error of the challenger's AUC.</param>
/// <param name="Difference">Challenger − champion (positive: the challenger ranks better).</param>
/// <param name="StandardError">√Var(difference), with the covariance of the two AUCs taken into account.</param>
/// <param name="DifferenceInterval">Difference ± z·SE, not clipped to [−1, 1], so its width shows the uncertainty.</param>
/// <param name="Z">Difference / SE (0 when both are 0).</param>
/// <param name="PValue">Two-sided p-value of "equal AUCs", 2·Φ(−|z|).</param>
public sealed record PairedRocAuc(double ChampionAuc, double ChallengerAuc, double ChampionStandardError,
    double ChallengerStandardError, double Difference, double StandardError, Interval DifferenceInterval, double Z,
    double PValue);

/// <summary>
/// DeLong, DeLong &amp; Clarke-Pearson (1988), computed as Sun &amp; Xu (2014) do in O(n log n): the structural
/// components are midrank differences, V₁₀ = (T_z − T_x)/N per positive and V₀₁ = 1 − (T_z − T_y)/P per negative,
/// which equal (negatives below + ½ tied)/N and (positives above + ½ tied)/P. Rows sharing a score share their
/// components, so they are computed once per distinct score (<see cref="ScoreUnits"/>) after one sort; the single-model
/// interval and the paired test both use <see cref="Components"/> and <see cref="StructuralVariance"/>.
/// </summary>
public static class DeLong
{
    /// <summary>V₁₀ (for the positives) and V₀₁ (for the negatives) of each distinct score.</summary>
    internal static (double[] V10, double[] V01) Components(ScoreUnits units)
    {
        long p = units.Positives, n = units.Negatives;
        var v10 = new double[units.Count];
        var v01 = new double[units.Count];
        long negativesBelow = 0;
        var positivesAbove = p;
        for (var u = 0; u < units.Count; u++)
        {
            var up = units.PositiveCounts[u];
            var un = units.NegativeCounts[u];
            positivesAbove -= up;
            v10[u] = (negativesBelow + 0.5 * un) / n;
            v01[u] = (positivesAbove + 0.5 * up) / p;
            negativesBelow += un;
        }
        return (v10, v01);
    }

    /// <summary>Var = S₁₀/P + S₀₁/N from the sums of squared deviations of the components (S = sum/(count − 1)).</summary>
    internal static double StructuralVariance(double sumSquares10, long positives, double sumSquares01, long negatives) =>
        sumSquares10 / (positives - 1) / positives + sumSquares01 / (negatives - 1) / negatives;

    /// <summary>The AUC ± z·√Var clipped to [0, 1]; null when the AUC is not defined or a class has fewer than 2 rows.</summary>
    internal static Interval? Interval(ScoreUnits units, double auc, double z)
    {
        long p = units.Positives, n = units.Negatives;
        if (double.IsNaN(auc) || p < 2 || n < 2)
        {
            return null;
        }
        var (v10, v01) = Components(units);
        double s10 = 0, s01 = 0;
        for (var u = 0; u < units.Count; u++)
        {
            s10 += units.PositiveCounts[u] * (v10[u] - auc) * (v10[u] - auc);
            s01 += units.NegativeCounts[u] * (v01[u] - auc) * (v01[u] - auc);
        }
        var half = z * Math.Sqrt(StructuralVariance(s10, p, s01, n));
        return new Interval(Math.Max(0, auc - half), Math.Min(1, auc + half));
    }

    /// <summary>
    /// DeLong's test of two ROC AUCs on the same labelled rows: Var(B − A) = Var A + Var B − 2·Cov(A, B), which is
    /// <see cref="StructuralVariance"/> of the per-row differences of the two models' component deviations. Null when
    /// a class has fewer than 2 rows. <paramref name="z"/> sets the interval's coverage (1.96 for 95 %).
    /// </summary>
    public static PairedRocAuc? Paired(ReadOnlySpan<double> champion, ReadOnlySpan<double> challenger,
        ReadOnlySpan<int> labels, double z)
    {
        if (champion.Length != labels.Length || challenger.Length != labels.Length)
        {
            throw new ArgumentException(
                $"{champion.Length} champion scores, {challenger.Length} challenger scores and {labels.Length} labels.",
                nameof(labels));
        }
        var a = RowDeviations(champion, labels);
        var b = RowDeviations(challenger, labels);
        if (a.Positives < 2 || a.Negatives < 2)
        {
            return null;
        }
        double a10 = 0, a01 = 0, b10 = 0, b01 = 0, d10 = 0, d01 = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var da = a.Deviations[i];
            var db = b.Deviations[i];
            var dd = db - da;
            if (labels[i] == 1)
            {
                a10 += da * da;
                b10 += db * db;
                d10 += dd * dd;
            }
            else
            {
                a01 += da * da;
                b01 += db * db;
                d01 += dd * dd;
            }
        }
        long p = a.Positives, n = a.Negatives;
        var difference = b.Auc - a.Auc;
        var se = Math.Sqrt(StructuralVariance(d10, p, d01, n));
        var statistic = se > 0 ? difference / se : difference == 0 ? 0.0 : Math.CopySign(double.PositiveInfinity, difference);
        var pValue = 2 * ProportionsZTest.NormalCdf(-Math.Abs(statistic));
        return new PairedRocAuc(a.Auc, b.Auc, Math.Sqrt(StructuralVariance(a10, p, a01, n)),
            Math.Sqrt(StructuralVariance(b10, p, b01, n)), difference, se,
            new Interval(difference - z * se, difference + z * se), statistic, pValue);
    }

    private sealed record ModelDeviations(double Auc, long Positives, long Negatives, double[] Deviations);

    /// <summary>Each row's component minus the AUC (V₁₀ − AUC for positives, V₀₁ − AUC for negatives).</summary>
    private static ModelDeviations RowDeviations(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            ScoreUnits.ValidateScore(scores[i], i);
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Label {i + 1} is {labels[i]}; labels are 0 or 1.", nameof(labels));
            }
        }
        var order = ScoreSort.Order(scores);
        var unitOf = new int[scores.Length];
        var builder = new ScoreUnits.Builder(Math.Min(scores.Length, 1 << 16));
        foreach (var row in order)
        {
            builder.Add(scores[row], labels[row] == 1);
            unitOf[row] = builder.Count - 1;
        }
        var units = builder.Build();
        var deviations = new double[scores.Length];
        if (units.Positives == 0 || units.Negatives == 0)
        {
            return new ModelDeviations(double.NaN, units.Positives, units.Negatives, deviations);
        }
        var auc = RankMetrics.RocAuc(units);
        var (v10, v01) = Components(units);
        for (var i = 0; i < scores.Length; i++)
        {
            deviations[i] = (labels[i] == 1 ? v10[unitOf[i]] : v01[unitOf[i]]) - auc;
        }
        return new ModelDeviations(auc, units.Positives, units.Negatives, deviations);
    }
}
