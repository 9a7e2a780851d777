namespace LeadScoring.Engine.Performance.Sampling;

/// <summary>
/// Exact binomial variates: inversion when n·min(p, 1−p) ≤ 30, otherwise BTPE (Kachitvichyanukul &amp; Schmeiser 1988).
/// A transcription of numpy's <c>random_binomial</c>, <c>random_binomial_inversion</c> and
/// <c>random_binomial_btpe</c> (numpy/random/src/distributions/distributions.c) without the parameter cache, on our
/// own generator (so the variates are not numpy's, only their law is).
/// </summary>
internal static class Binomial
{
    /// <summary>A Binomial(<paramref name="n"/>, <paramref name="p"/>) variate.</summary>
    public static long Sample(ref Xoshiro256 rng, long n, double p)
    {
        if (n == 0 || p <= 0.0)
        {
            return 0;
        }
        if (p >= 1.0)
        {
            return n;
        }
        if (p <= 0.5)
        {
            return p * n <= 30.0 ? Inversion(ref rng, n, p) : Btpe(ref rng, n, p);
        }
        var q = 1.0 - p;
        return n - (q * n <= 30.0 ? Inversion(ref rng, n, q) : Btpe(ref rng, n, q));
    }

    private static long Inversion(ref Xoshiro256 rng, long n, double p)
    {
        var q = 1.0 - p;
        var qn = Math.Exp(n * Math.Log(q));
        var np = n * p;
        var bound = (long)Math.Min(n, np + 10.0 * Math.Sqrt(np * q + 1));
        long x = 0;
        var px = qn;
        var u = rng.NextDouble();
        while (u > px)
        {
            x++;
            if (x > bound)
            {
                x = 0;
                px = qn;
                u = rng.NextDouble();
            }
            else
            {
                u -= px;
                px = (n - x + 1) * p * px / (x * q);
            }
        }
        return x;
    }

    private static long Btpe(ref Xoshiro256 rng, long n, double p)
    {
        var r = Math.Min(p, 1.0 - p);
        var q = 1.0 - r;
        var fm = n * r + r;
        var m = (long)Math.Floor(fm);
        var p1 = Math.Floor(2.195 * Math.Sqrt(n * r * q) - 4.6 * q) + 0.5;
        var xm = m + 0.5;
        var xl = xm - p1;
        var xr = xm + p1;
        var c = 0.134 + 20.5 / (15.3 + m);
        var a = (fm - xl) / (fm - xl * r);
        var laml = a * (1.0 + a / 2.0);
        a = (xr - fm) / (xr * q);
        var lamr = a * (1.0 + a / 2.0);
        var p2 = p1 * (1.0 + 2.0 * c);
        var p3 = p2 + c / laml;
        var p4 = p3 + c / lamr;
        var nrq = n * r * q;

        while (true)
        {
            var u = rng.NextDouble() * p4;
            var v = rng.NextDouble();
            long y;
            if (u <= p1)
            {
                y = (long)Math.Floor(xm - p1 * v + u);
                return Finish(y);
            }
            if (u <= p2)
            {
                var x = xl + (u - p1) / c;
                v = v * c + 1.0 - Math.Abs(m - x + 0.5) / p1;
                if (v > 1.0)
                {
                    continue;
                }
                y = (long)Math.Floor(x);
            }
            else if (u <= p3)
            {
                if (v == 0.0)
                {
                    continue;
                }
                y = (long)Math.Floor(xl + Math.Log(v) / laml);
                if (y < 0)
                {
                    continue;
                }
                v = v * (u - p2) * laml;
            }
            else
            {
                if (v == 0.0)
                {
                    continue;
                }
                y = (long)Math.Floor(xr - Math.Log(v) / lamr);
                if (y > n)
                {
                    continue;
                }
                v = v * (u - p3) * lamr;
            }

            var k = Math.Abs(y - m);
            if (k <= 20 || k >= nrq / 2.0 - 1)
            {
                // Explicit evaluation of f(y)/f(m).
                var s = r / q;
                var aa = s * (n + 1);
                var f = 1.0;
                if (m < y)
                {
                    for (var i = m + 1; i <= y; i++)
                    {
                        f *= aa / i - s;
                    }
                }
                else if (m > y)
                {
                    for (var i = y + 1; i <= m; i++)
                    {
                        f /= aa / i - s;
                    }
                }
                if (v > f)
                {
                    continue;
                }
                return Finish(y);
            }

            // Squeezing with Stirling's formula.
            var rho = k / nrq * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
            var t = -k * k / (2 * nrq);
            var logV = Math.Log(v);
            if (logV < t - rho)
            {
                return Finish(y);
            }
            if (logV > t + rho)
            {
                continue;
            }
            double x1 = y + 1, f1 = m + 1, z = n + 1 - m, w = n - y + 1;
            double x2 = x1 * x1, f2 = f1 * f1, z2 = z * z, w2 = w * w;
            var bound = xm * Math.Log(f1 / x1) + (n - m + 0.5) * Math.Log(z / w) + (y - m) * Math.Log(w * r / (x1 * q))
                + Stirling(f1, f2) + Stirling(z, z2) + Stirling(x1, x2) + Stirling(w, w2);
            if (logV > bound)
            {
                continue;
            }
            return Finish(y);
        }

        long Finish(long y) => p > 0.5 ? n - y : y;
    }

    private static double Stirling(double v, double v2) =>
        (13680.0 - (462.0 - (132.0 - (99.0 - 140.0 / v2) / v2) / v2) / v2) / v / 166320.0;
}
