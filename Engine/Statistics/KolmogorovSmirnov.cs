namespace LeadScoring.Engine.Statistics;

/// <summary>How a two-sample KS p-value was obtained.</summary>
public enum KsMethod
{
    /// <summary>Exact distribution of D (scipy's lattice-path algorithms).</summary>
    Exact,

    /// <summary>Asymptotic: <c>kstwo.sf(D, round(n1·n2/(n1+n2)))</c>.</summary>
    Asymptotic,
}

/// <summary>Result of a two-sample Kolmogorov–Smirnov test.</summary>
/// <param name="Statistic">D = sup |F_ref − F_cur|, also the effect size.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Method">Exact or asymptotic, chosen by scipy's 'auto' rule.</param>
public readonly record struct KsResult(double Statistic, double PValue, KsMethod Method);

/// <summary>
/// Two-sample Kolmogorov–Smirnov test identical to scipy's <c>ks_2samp(a, b)</c> with its defaults
/// (two-sided, method 'auto': exact when max(n1, n2) ≤ 10,000, otherwise asymptotic; exact falls back to
/// asymptotic when it fails numerically).
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>scipy's MAX_AUTO_N: larger samples use the asymptotic distribution.</summary>
    public const int MaxExactN = 10000;

    /// <summary>Runs the test on two samples (NaN must already be removed; the inputs are not modified).</summary>
    public static KsResult TwoSample(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.IsEmpty || current.IsEmpty)
        {
            throw new ArgumentException("Both samples must be non-empty.");
        }
        var a = reference.ToArray();
        var b = current.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        int n1 = a.Length, n2 = b.Length;
        double maxDiff = double.NegativeInfinity, minDiff = double.PositiveInfinity;
        // Evaluate the ECDF difference at every observation, as scipy's searchsorted(side='right') does.
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            var v = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= v)
            {
                i++;
            }
            while (j < n2 && b[j] <= v)
            {
                j++;
            }
            var diff = (double)i / n1 - (double)j / n2;
            maxDiff = Math.Max(maxDiff, diff);
            minDiff = Math.Min(minDiff, diff);
        }
        var minS = Math.Clamp(-minDiff, 0, 1);
        var d = minS > maxDiff ? minS : maxDiff;
        return FromStatistic(d, n1, n2);
    }

    /// <summary>p-value of an observed D for sample sizes n1 and n2 (scipy's 'auto' mode and fallback).</summary>
    public static KsResult FromStatistic(double d, long n1, long n2)
    {
        if (Math.Max(n1, n2) <= MaxExactN)
        {
            var g = Gcd(n1, n2);
            var lcm = n1 / g * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            var dExact = (double)h / lcm;
            if (h == 0)
            {
                return new KsResult(dExact, 1.0, KsMethod.Exact);
            }
            var prob = n1 == n2 ? ProbOutsideSquare(n1, h) : OuterProbInside(n1, n2, g, h);
            if (double.IsFinite(prob) && prob >= 0 && prob <= 1)
            {
                return new KsResult(dExact, prob, KsMethod.Exact);
            }
            d = dExact;
        }
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        var p = KolmogorovDistribution.Sf((int)Math.Round(en, MidpointRounding.ToEven), d);
        return new KsResult(d, Math.Clamp(p, 0, 1), KsMethod.Asymptotic);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }

    /// <summary>scipy <c>_compute_prob_outside_square</c>: P(D_{n,n} ≥ h/n).</summary>
    private static double ProbOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = (long)Math.Floor((double)n / h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /// <summary>
    /// scipy <c>_compute_outer_prob_inside_method</c> (Hodges' inside method with Viehmann's 1−p recursion):
    /// the share of lattice paths leaving the band |x/m − y/n| &lt; h/lcm(m, n).
    /// </summary>
    private static double OuterProbInside(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }
        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        for (var t = minj; t < maxj; t++)
        {
            a[t] = 0.0;
        }
        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }
            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                for (var t = maxj - minj; t < maxj - minj + (lastlen - curlen) && t < lenA; t++)
                {
                    a[t] = 1;
                }
            }
        }
        return a[maxj - minj - 1];
    }
}
