namespace LeadScoring.Engine.Statistics;

// Exact finite-n algorithms of scipy's _ksstats.py used by KolmogorovDistribution for small n·x².
public static partial class KolmogorovDistribution
{
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
}
