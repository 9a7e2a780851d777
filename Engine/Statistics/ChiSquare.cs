using MathNet.Numerics;

namespace LeadScoring.Engine.Statistics;

/// <summary>Result of a chi-square test.</summary>
/// <param name="Statistic">Σ (observed − expected)² / expected; +∞ when a category has expected 0 and observed &gt; 0.</param>
/// <param name="DegreesOfFreedom">k − 1.</param>
/// <param name="PValue">Upper tail of χ²(df) at the statistic.</param>
public readonly record struct ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>Chi-square goodness of fit as scipy's <c>chisquare(f_obs, f_exp)</c>, and Cramér's V.</summary>
public static class ChiSquare
{
    /// <summary>
    /// Goodness of fit of observed counts against expected counts (same total). A category with expected 0 and
    /// observed &gt; 0 gives an infinite statistic and p = 0, as in scipy. With one category (df = 0) the p-value is 1
    /// (scipy returns NaN; a single shared category cannot show drift).
    /// </summary>
    public static ChiSquareResult GoodnessOfFit(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length || observed.IsEmpty)
        {
            throw new ArgumentException("observed and expected must have the same, non-zero length.");
        }
        var stat = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var diff = observed[i] - expected[i];
            if (expected[i] == 0)
            {
                stat += diff == 0 ? 0 : double.PositiveInfinity;
                continue;
            }
            stat += diff * diff / expected[i];
        }
        var df = observed.Length - 1;
        return new ChiSquareResult(stat, df, df == 0 ? 1.0 : Sf(stat, df));
    }

    /// <summary>Upper tail of the chi-square distribution, scipy <c>chi2.sf(x, df)</c>.</summary>
    public static double Sf(double x, int df)
    {
        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }
        return x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
    }

    /// <summary>
    /// Cramér's V of the 2 × k table (reference counts, current counts): √(χ² / (N · (min(2, k) − 1))), in [0, 1].
    /// Used as the effect size beside the goodness-of-fit p-value; categories seen on one side only are fine here.
    /// </summary>
    public static double CramersV(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts)
    {
        double n1 = 0, n2 = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            n1 += referenceCounts[i];
            n2 += currentCounts[i];
        }
        var total = n1 + n2;
        var k = 0;
        var stat = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var col = referenceCounts[i] + currentCounts[i];
            if (col == 0)
            {
                continue;
            }
            k++;
            var e1 = n1 * col / total;
            var e2 = n2 * col / total;
            stat += (referenceCounts[i] - e1) * (referenceCounts[i] - e1) / e1 + (currentCounts[i] - e2) * (currentCounts[i] - e2) / e2;
        }
        return k < 2 || total == 0 ? 0.0 : Math.Sqrt(stat / total);
    }
}
