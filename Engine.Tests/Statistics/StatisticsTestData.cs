namespace LeadScoring.Engine.Tests.Statistics;

/// <summary>Deterministic samples shared with scipy_expected.py (same generator, same doubles).</summary>
public static class StatisticsTestData
{
    /// <summary>64-bit LCG; value = (state &gt;&gt; 11) / 2^53 · scale + offset, optionally rounded like numpy.round.</summary>
    public static double[] Lcg(int n, ulong seed, double scale = 1.0, double offset = 0.0, int? decimals = null)
    {
        var result = new double[n];
        var x = seed;
        for (var i = 0; i < n; i++)
        {
            x = unchecked(x * 6364136223846793005UL + 1442695040888963407UL);
            var v = (x >> 11) / 9007199254740992.0 * scale + offset;
            if (decimals is int d)
            {
                var f = Math.Pow(10, d);
                v = Math.Round(v * f, MidpointRounding.ToEven) / f;
            }
            result[i] = v;
        }
        return result;
    }

    /// <summary>Asserts |actual − expected| ≤ rel · |expected| (+ a tiny absolute floor for values near 0).</summary>
    public static void Close(double expected, double actual, double rel = 1e-9, double abs = 1e-300)
    {
        var tol = Math.Max(Math.Abs(expected) * rel, abs);
        Assert.True(Math.Abs(expected - actual) <= tol, $"expected {expected:R}, got {actual:R} (tolerance {tol:R})");
    }
}
