namespace LeadScoring.Engine.Statistics;

/// <summary>
/// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, a port of scipy's
/// <c>kstwo.sf</c> (<c>scipy/stats/_ksstats.py</c>, <c>_kolmogn</c>, Simard &amp; L'Ecuyer 2011): it chooses
/// between Ruben–Gambino closed forms, the Durbin matrix (MTW), Pomeranz' recursion, 2·smirnov and Pelz–Good
/// exactly where scipy does, so two-sample asymptotic p-values agree with <c>ks_2samp</c>.
/// </summary>
public static partial class KolmogorovDistribution
{
    private const int E128 = 128;
    private static readonly double s_ep128 = Math.ScaleB(1.0, E128);
    private static readonly double s_em128 = Math.ScaleB(1.0, -E128);
    private static readonly double s_sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double s_log2Pi = Math.Log(2 * Math.PI);
    private static readonly double[] s_stirlingCoefficients =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>P(D_n ≥ x), scipy <c>kstwo.sf(x, n)</c>.</summary>
    public static double Sf(int n, double x) => Kolmogn(n, x, cdf: false);

    /// <summary>P(D_n ≤ x), scipy <c>kstwo.cdf(x, n)</c>.</summary>
    public static double Cdf(int n, double x) => Kolmogn(n, x, cdf: true);

    private static double Select(double cdfProb, double sfProb, bool cdf) => Math.Clamp(cdf ? cdfProb : sfProb, 0.0, 1.0);

    private static double Kolmogn(int n, double x, bool cdf)
    {
        if (n <= 0 || double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x >= 1.0)
        {
            return Select(1.0, 0.0, cdf);
        }
        if (x <= 0.0)
        {
            return Select(0.0, 1.0, cdf);
        }
        var t = n * x;
        if (t <= 1.0)
        {
            // Ruben–Gambino: 1/2n <= x <= 1/n.
            if (t <= 0.5)
            {
                return Select(0.0, 1.0, cdf);
            }
            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    prob *= i * (1.0 / n) * (2 * t - 1);
                }
            }
            else
            {
                prob = Math.Exp(LogNFactorialDivNPowN(n) + n * Math.Log(2 * t - 1));
            }
            return Select(prob, 1.0 - prob, cdf);
        }
        if (t >= n - 1)
        {
            var prob = 2 * Math.Pow(1.0 - x, n);
            return Select(1 - prob, prob, cdf);
        }
        if (x >= 0.5)
        {
            var prob = 2 * Smirnov.Sf(n, x);
            return Select(1.0 - prob, prob, cdf);
        }
        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                var prob = DurbinMatrixCdf(n, x);
                return Select(prob, 1.0 - prob, cdf);
            }
            if (nxSquared <= 4)
            {
                var prob = PomeranzCdf(n, x);
                return Select(prob, 1.0 - prob, cdf);
            }
            var p2 = 2 * Smirnov.Sf(n, x);
            return Select(1.0 - p2, p2, cdf);
        }
        if (!cdf)
        {
            if (nxSquared >= 370.0)
            {
                return 0.0;
            }
            if (nxSquared >= 2.2)
            {
                return Math.Clamp(2 * Smirnov.Sf(n, x), 0.0, 1.0);
            }
        }
        double cdfProb;
        if (nxSquared >= 18.0)
        {
            cdfProb = 1.0;
        }
        else if (n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            cdfProb = DurbinMatrixCdf(n, x);
        }
        else
        {
            cdfProb = PelzGoodCdf(n, x);
        }
        return Select(cdfProb, 1.0 - cdfProb, cdf);
    }

    private static double LogNFactorialDivNPowN(int n)
    {
        var rn = 1.0 / n;
        var poly = 0.0;
        foreach (var c in s_stirlingCoefficients)
        {
            poly = poly * (rn / n) + c;
        }
        return Math.Log(n) / 2 - n + s_log2Pi / 2 + rn * poly;
    }

    /// <summary>Pelz–Good asymptotic series (scipy <c>_kolmogn_PelzGood</c>).</summary>
    private static double PelzGoodCdf(int n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double zsq = z * z, z3 = zsq * z, z4 = zsq * zsq, z6 = z4 * zsq;
        const double piSq = Math.PI * Math.PI;
        var pi4 = piSq * piSq;
        var pi6 = pi4 * piSq;
        var qlog = -piSq / 8 / zsq;
        if (qlog < -708)
        {
            return 0.0;
        }
        var q = Math.Exp(qlog);
        var k1a = -zsq;
        var k1b = piSq / 4;
        var k2a = 6 * z6 + 2 * z4;
        var k2b = (2 * z4 - 5 * zsq) * piSq / 4;
        var k2c = pi4 * (1 - 2 * zsq) / 16;
        var k3d = pi6 * (5 - 30 * zsq) / 64;
        var k3c = pi4 * (-60 * zsq + 212 * z4) / 16;
        var k3b = piSq * (135 * z4 - 96 * z6) / 4;
        var k3a = -30 * z6 - 90 * Math.Pow(z, 8);
        var kk = new double[4];
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1;
            double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qpower = Math.Pow(q, 8 * k);
            kk[0] = kk[0] * qpower + 1.0;
            kk[1] = kk[1] * qpower + k1a + k1b * m2;
            kk[2] = kk[2] * qpower + k2a + k2b * m2 + k2c * m4;
            kk[3] = kk[3] * qpower + k3a + k3b * m2 + k3c * m4 + k3d * m6;
        }
        double[] denominators = [z, 6 * z4, 72 * Math.Pow(z, 7), 6480 * Math.Pow(z, 10)];
        for (var i = 0; i < 4; i++)
        {
            kk[i] = kk[i] * q * s_sqrt2Pi / denominators[i];
        }
        q = Math.Exp(-piSq / 2 / zsq);
        var sqrt3z = Math.Sqrt(3) * z;
        double k2extra = 0, k3extra = 0;
        for (var k = maxk; k > 0; k--)
        {
            double ksq = (double)k * k;
            var qp = Math.Pow(q, ksq);
            var kspi = Math.PI * k;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        kk[2] += k2extra * piSq * s_sqrt2Pi / (-36 * z3);
        kk[3] += k3extra * piSq * s_sqrt2Pi / (216 * z6);
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            sum += kk[i] / Math.Pow(n, i / 2.0);
        }
        return sum;
    }
}
