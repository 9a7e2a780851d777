namespace LeadScoring.Engine.Statistics;

/// <summary>
/// One-sided Kolmogorov–Smirnov (Smirnov) survival function, following scipy's <c>special.smirnov</c>
/// (cephes <c>kolmogorov.c</c>, <c>_smirnov</c>): the Birnbaum–Tingey sum taken from the lower or the upper end as
/// scipy chooses, with its special cases. Terms are summed in log space in double precision (scipy uses
/// double-double), which keeps relative agreement near 1e-12.
/// </summary>
public static class Smirnov
{
    private const int MaxComputeN = 1000000;
    private const double DoubleEpsilon = 2.220446049250313e-16;

    /// <summary>P(D⁺_n ≥ x), scipy <c>special.smirnov(n, x)</c>.</summary>
    public static double Sf(int n, double x)
    {
        if (double.IsNaN(x) || n <= 0 || x < 0.0 || x > 1.0)
        {
            return double.NaN;
        }
        if (n == 1)
        {
            return 1 - x;
        }
        if (x == 0.0)
        {
            return 1.0;
        }
        if (x == 1.0)
        {
            return 0.0;
        }

        // floor(n*x) and the fractional part, exactly (scipy uses double-double here).
        var hi = n * x;
        var lo = Math.FusedMultiplyAdd(n, x, -hi);
        var floorHi = Math.Floor(hi);
        if (floorHi == hi && lo < 0)
        {
            floorHi -= 1;
        }
        var alpha = hi - floorHi + lo;
        var nxfl = (int)floorHi;
        if (alpha >= 1)
        {
            nxfl += 1;
            alpha = 0;
        }
        var n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
        var n1mxceil = n - nxfl;
        if (alpha == 0)
        {
            n1mxfl -= 1;
            n1mxceil += 1;
        }

        if (nxfl == 0 || (nxfl == 1 && alpha == 0))
        {
            var cdf0 = x * Math.Pow(1 + x, n - 1);
            return Math.Clamp(1 - cdf0, 0, 1);
        }
        if (-2 * n * x * x < -7.08396418532264106224E2)
        {
            return 0.0;
        }
        if (nxfl >= n - 1)
        {
            return Math.Clamp(Math.Pow(1 - x, n), 0, 1);
        }
        if (n > MaxComputeN)
        {
            var logp = -Math.Pow(6.0 * n * x + 1, 2) / 18.0 / n;
            return logp < -Math.Log(2) ? Math.Exp(logp) : 1 - (-MathNet.Numerics.SpecialFunctions.Expm1(logp));
        }

        var nUpperTerms = n - n1mxceil + 1;
        var useUpper = (nUpperTerms <= 1 && x < 0.5) || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.Sqrt(n));
        int start, step, nTerms;
        if (useUpper)
        {
            start = n;
            step = -1;
            nTerms = n - n1mxceil + 1;
        }
        else
        {
            start = 0;
            step = 1;
            nTerms = n1mxfl + 1;
        }

        var logFactorialN = LogFactorial(n);
        var sum = 0.0;
        for (var j = 0; j < nTerms; j++)
        {
            var v = start + j * step;
            var aj = Term(n, x, v, logFactorialN);
            if (double.IsFinite(aj) && aj != 0)
            {
                sum += aj;
            }
            if (aj != 0)
            {
                if (4.0 * (nTerms - j) * Math.Abs(aj) < DoubleEpsilon * sum && j != nTerms - 1)
                {
                    break;
                }
            }
            else if (j > n / 2)
            {
                break;
            }
        }
        var prob = x * sum;
        var sf = step < 0 ? 1 - prob : prob;
        return Math.Clamp(sf, 0, 1);
    }

    /// <summary>A_v(n, x) = C(n, v) · (1 − x − v/n)^(n−v) · (x + v/n)^(v−1).</summary>
    private static double Term(int n, double x, int v, double logFactorialN)
    {
        var logC = logFactorialN - LogFactorial(v) - LogFactorial(n - v);
        var t2x = (double)(n - v) / n - x;
        var t1x = (double)v / n + x;
        // In the upper sum 1 − x − v/n is negative: the terms alternate in sign.
        var sign = t2x < 0 && (n - v) % 2 == 1 ? -1.0 : 1.0;
        var log2 = n - v == 0 ? 0.0 : (n - v) * Math.Log(Math.Abs(t2x));
        var log1 = (v - 1) * Math.Log(t1x);
        return sign * Math.Exp(logC + log1 + log2);
    }

    private static double LogFactorial(int k) => MathNet.Numerics.SpecialFunctions.FactorialLn(k);
}
