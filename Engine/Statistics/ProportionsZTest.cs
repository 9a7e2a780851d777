namespace LeadScoring.Engine.Statistics;

/// <summary>Result of a two-proportion Z-test.</summary>
/// <param name="Statistic">z = (p1 − p2) / √(P(1 − P)(1/n1 + 1/n2)).</param>
/// <param name="PValue">2 · (1 − Φ(|z|)), computed in that form as Evidently does.</param>
/// <param name="CohensH">Effect size |2·asin √p1 − 2·asin √p2|.</param>
public readonly record struct ZTestResult(double Statistic, double PValue, double CohensH);

/// <summary>Evidently's <c>z_stat_test</c>: pooled two-proportion Z-test on the share of one category.</summary>
public static class ProportionsZTest
{
    /// <summary>Tests the share k1/n1 (reference) against k2/n2 (current).</summary>
    public static ZTestResult FromCounts(long k1, long n1, long k2, long n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            throw new ArgumentException("Both samples must be non-empty.");
        }
        var p1 = (double)k1 / n1;
        var p2 = (double)k2 / n2;
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        var h = Math.Abs(2 * Math.Asin(Math.Sqrt(p1)) - 2 * Math.Asin(Math.Sqrt(p2)));
        if (double.IsNaN(z))
        {
            // Both samples hold the same single value: Evidently reports p = 1.
            return new ZTestResult(0.0, 1.0, h);
        }
        return new ZTestResult(z, 2 * (1 - NormalCdf(Math.Abs(z))), h);
    }

    /// <summary>Standard normal CDF (scipy <c>ndtr</c>) via erfc for accuracy in the tails.</summary>
    public static double NormalCdf(double x) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2));
}
