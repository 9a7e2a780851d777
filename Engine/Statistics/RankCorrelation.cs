using MathNet.Numerics;

namespace LeadScoring.Engine.Statistics;

/// <summary>Spearman's rank correlation with its two-sided p-value.</summary>
/// <param name="Rho">Pearson correlation of the average ranks (scipy <c>spearmanr</c>); NaN when a vector is constant.</param>
/// <param name="PValue">Two-sided p-value of ρ = 0 from t = ρ·√((n − 2)/((1 + ρ)(1 − ρ))) on n − 2 degrees of freedom
/// (scipy's t-approximation); NaN with <paramref name="Rho"/>.</param>
/// <param name="Count">Pairs.</param>
public readonly record struct SpearmanResult(double Rho, double PValue, int Count)
{
    /// <summary>False when ρ has no value (fewer than 3 pairs or a constant vector).</summary>
    public bool IsDefined => !double.IsNaN(Rho);
}

/// <summary>Ranks and rank correlation, equal to scipy 1.10's <c>rankdata</c> and <c>spearmanr</c>.</summary>
public static class RankCorrelation
{
    /// <summary>1-based ranks with ties given their average rank (scipy <c>rankdata(method="average")</c>).</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException($"Value {i + 1} is NaN; ranks need numbers.", nameof(values));
            }
            order[i] = i;
        }
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && keys[end] == keys[start])
            {
                end++;
            }
            // Positions start … end−1 hold one value: each gets the mean of ranks start+1 … end.
            var rank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }
            start = end;
        }
        return ranks;
    }

    /// <summary>Spearman's ρ of two equally long vectors and its t-approximation p-value (as scipy <c>spearmanr</c>).</summary>
    public static SpearmanResult Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{x.Length} values in the first vector but {y.Length} in the second.", nameof(y));
        }
        var n = x.Length;
        if (n < 3)
        {
            return new SpearmanResult(double.NaN, double.NaN, n);
        }
        var rx = AverageRanks(x);
        var ry = AverageRanks(y);
        var mean = (n + 1) / 2.0; // mean of any average-rank vector
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = rx[i] - mean;
            var dy = ry[i] - mean;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0)
        {
            return new SpearmanResult(double.NaN, double.NaN, n);
        }
        var rho = Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
        return new SpearmanResult(rho, TwoSidedPValue(rho, n - 2), n);
    }

    /// <summary>2·P(T_dof ≥ |t|) = I_{dof/(dof+t²)}(dof/2, ½), written without t so that |ρ| near 1 keeps its digits.</summary>
    private static double TwoSidedPValue(double rho, int dof)
    {
        if (Math.Abs(rho) == 1.0)
        {
            return 0.0;
        }
        // dof/(dof + t²) with t² = dof·ρ²/((1+ρ)(1−ρ)) simplifies to 1 − ρ².
        var h = (1 + rho) * (1 - rho);
        return SpecialFunctions.BetaRegularized(dof / 2.0, 0.5, h);
    }
}
