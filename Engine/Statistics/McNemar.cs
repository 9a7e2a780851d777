using MathNet.Numerics;

namespace LeadScoring.Engine.Statistics;

/// <summary>McNemar's test on the discordant pairs of two paired binary outcomes.</summary>
/// <param name="B">Pairs where only the first is a success.</param>
/// <param name="C">Pairs where only the second is a success.</param>
/// <param name="ExactPValue">Two-sided exact binomial p-value of B among B + C at ½ (scipy
/// <c>binomtest(b, b + c, 0.5).pvalue</c>); 1 when B + C = 0 (no discordant pair, no evidence).</param>
/// <param name="ChiSquare">(|B − C| − 1)² / (B + C), the continuity-corrected statistic as statsmodels'
/// <c>mcnemar(exact=False, correction=True)</c> computes it (so B = C gives 1/(B + C), not 0); NaN when B + C = 0.</param>
/// <param name="ChiSquarePValue">P(χ²₁ ≥ <paramref name="ChiSquare"/>); NaN when B + C = 0.</param>
public readonly record struct McNemarResult(long B, long C, double ExactPValue, double ChiSquare, double ChiSquarePValue)
{
    /// <summary>Discordant pairs.</summary>
    public long Discordant => B + C;
}

/// <summary>McNemar's test (exact binomial and continuity-corrected chi-square).</summary>
public static class McNemar
{
    /// <summary>Both p-values from the discordant counts.</summary>
    public static McNemarResult FromDiscordant(long b, long c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        var n = b + c;
        if (n == 0)
        {
            return new McNemarResult(b, c, 1.0, double.NaN, double.NaN);
        }
        var d = Math.Abs(b - c) - 1.0;
        var statistic = d * d / n;
        return new McNemarResult(b, c, ExactTwoSided(Math.Min(b, c), n), statistic, ChiSquare.Sf(statistic, 1));
    }

    /// <summary>
    /// Two-sided binomial p-value at ½: the distribution is symmetric, so the outcomes at most as likely as k ≤ n/2
    /// are the two tails, 2·P(X ≤ k), capped at 1 (k = n/2 gives 1, as scipy).
    /// </summary>
    private static double ExactTwoSided(long k, long n)
    {
        if (2 * k >= n)
        {
            return 1.0;
        }
        // P(X ≤ k) = pmf(k)·Σ_{i ≤ k} pmf(i)/pmf(k); the ratios shrink by i/(n − i + 1) going down, so the sum is
        // accurate and pmf(k) comes from one log-binomial (no 2⁻ⁿ underflow in the terms).
        double term = 1, sum = 1;
        for (var i = k; i > 0 && term > 1e-17 * sum; i--)
        {
            term *= i / (double)(n - i + 1);
            sum += term;
        }
        var pmf = Math.Exp(SpecialFunctions.BinomialLn(checked((int)n), (int)k) - n * Math.Log(2));
        return Math.Min(1.0, 2 * pmf * sum);
    }
}
