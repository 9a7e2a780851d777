namespace LeadScoring.Core.Statistics;

/// <summary>
/// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, a port of scipy's
/// <c>kstwo.sf</c> (<c>scipy/stats/_ksstats.py</c>, <c>_kolmogn</c>, Simard &amp; L'Ecuyer 2011): it chooses
/// between Ruben–Gambino closed forms, the Durbin matrix (MTW), Pomeranz' recursion, 2·smirnov and Pelz–Good
/// exactly where scipy does, so two-sample asymptotic p-values agree with <c>ks_2samp</c>.
/// </summary>
public static class KolmogorovDistribution
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

    /// <summary>Durbin's matrix algorithm with Marsaglia–Tsang–Wang scaling (scipy <c>_kolmogn_DMTW</c>).</summary>
    private static double DurbinMatrixCdf(int n, double d)
    {
        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var hm = new double[m, m];
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * fac;
        }
        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                hm[r, i] = w[r - i + 1];
            }
        }
        for (var r = 0; r < m; r++)
        {
            hm[r, 0] = v[r];
        }
        for (var c = 0; c < m; c++)
        {
            hm[m - 1, c] = v[m - 1 - c];
        }
        var power = Identity(m);
        var nn = n;
        var expnt = 0;
        var hExpnt = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                power = Multiply(power, hm);
                expnt += hExpnt;
            }
            hm = Multiply(hm, hm);
            hExpnt *= 2;
            if (Math.Abs(hm[k - 1, k - 1]) > s_ep128)
            {
                Scale(hm, s_em128);
                hExpnt += E128;
            }
            nn /= 2;
        }
        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < s_em128)
            {
                p *= s_ep128;
                expnt -= E128;
            }
        }
        return expnt != 0 ? Math.ScaleB(p, expnt) : p;
    }

    private static double[,] Identity(int m)
    {
        var a = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            a[i, i] = 1.0;
        }
        return a;
    }

    private static void Scale(double[,] a, double factor)
    {
        var m = a.GetLength(0);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                a[i, j] *= factor;
            }
        }
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var c = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var l = 0; l < m; l++)
            {
                var ail = a[i, l];
                if (ail == 0.0)
                {
                    continue;
                }
                for (var j = 0; j < m; j++)
                {
                    c[i, j] += ail * b[l, j];
                }
            }
        }
        return c;
    }

    private static (int J1, int J2) PomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        }
        else
        {
            var ip1Div2 = (i + 1) / 2;
            var ip1Mod2 = (i + 1) % 2;
            if (ip1Mod2 == 0)
            {
                if (ip1Div2 == n + 1)
                {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                }
                else
                {
                    j1 = ip1Div2 - 1 - ll - roundf - 1;
                    j2 = ip1Div2 + ll - 1 + ceilf - 1;
                }
            }
            else
            {
                j1 = ip1Div2 - 1 - ll - 1;
                j2 = ip1Div2 + ll + roundf - 1;
            }
        }
        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>Pomeranz' recursion (scipy <c>_kolmogn_Pomeranz</c>).</summary>
    private static double PomeranzCdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        var expnt = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, j2) = PomeranzJ1J2(0, n, ll, ceilf, roundf);
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            (j1, j2) = PomeranzJ1J2(i, n, ll, ceilf, roundf);
            var pwrs = i == 1 || i == 2 * n + 1 ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            var ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                var convStart = j1 - k1;
                var convLen = j2 - j1 + 1;
                var offset = k1 - v0s;
                // conv = np.convolve(V0[offset:offset+ln2], pwrs[:ln2]); keep conv[convStart:convStart+convLen].
                var max = 0.0;
                for (var c = 0; c < convLen; c++)
                {
                    var idx = convStart + c;
                    var sum = 0.0;
                    var lo = Math.Max(0, idx - (ln2 - 1));
                    var hi = Math.Min(idx, ln2 - 1);
                    for (var a = lo; a <= hi; a++)
                    {
                        sum += v0[offset + a] * pwrs[idx - a];
                    }
                    v1[c] = sum;
                    max = Math.Max(max, sum);
                }
                if (max > 0 && max < s_em128)
                {
                    for (var c = 0; c < npwrs; c++)
                    {
                        v1[c] *= s_ep128;
                    }
                    expnt -= E128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        var ans = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > s_ep128)
            {
                ans *= s_em128;
                expnt += E128;
            }
            ans *= m;
        }
        return expnt != 0 ? Math.ScaleB(ans, expnt) : ans;
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
