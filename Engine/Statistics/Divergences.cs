namespace LeadScoring.Engine.Statistics;

/// <summary>Distances between two binned distributions (shares), as scipy and Evidently compute them.</summary>
public static class Divergences
{
    /// <summary>
    /// scipy <c>spatial.distance.jensenshannon(p, q, base)</c>: both vectors are normalised to sum 1, then
    /// √((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2. Natural log by default (maximum √ln 2 ≈ 0.8326);
    /// base 2 gives values in [0, 1].
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double logBase = Math.E)
    {
        if (p.Length != q.Length || p.IsEmpty)
        {
            throw new ArgumentException("p and q must have the same, non-zero length.");
        }
        double sp = 0, sq = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sp += p[i];
            sq += q[i];
        }
        var js = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sp;
            var qi = q[i] / sq;
            var m = (pi + qi) / 2.0;
            js += RelEntr(pi, m) + RelEntr(qi, m);
        }
        if (logBase != Math.E)
        {
            js /= Math.Log(logBase);
        }
        return Math.Sqrt(Math.Max(js / 2.0, 0.0));
    }

    /// <summary>
    /// Evidently's PSI: Σ (ref − cur) · ln(ref / cur) over shares that were zero-filled with
    /// <see cref="HistogramBinning.FillZeroes"/> (not renormalised).
    /// </summary>
    public static double PopulationStabilityIndex(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        if (referenceShares.Length != currentShares.Length)
        {
            throw new ArgumentException("Share vectors must have the same length.");
        }
        var psi = 0.0;
        for (var i = 0; i < referenceShares.Length; i++)
        {
            psi += (referenceShares[i] - currentShares[i]) * Math.Log(referenceShares[i] / currentShares[i]);
        }
        return psi;
    }

    // scipy.special.rel_entr: x log(x/y), 0 when x = 0.
    private static double RelEntr(double x, double y) => x == 0 ? 0.0 : (y > 0 ? x * Math.Log(x / y) : double.PositiveInfinity);
}
