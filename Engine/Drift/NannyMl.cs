using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// NannyML-style univariate drift (nannyml/drift/univariate): Jensen–Shannon distance with log base 2 on the
/// reference's Doane bins plus one bin for current values outside them (numeric), or on the reference categories plus
/// one "unseen" bin (categorical). Not numerically comparable with Evidently's JS.
/// </summary>
internal static class NannyMl
{
    public static double NumericDistance(NumericReferenceColumn r, double[] current)
        => NumericDistance(r, edges => (NumericDriftMath.BinCounts(current, edges, out var outside), outside));

    /// <summary>As above, with the current counts per Doane bin (and outside them) from <paramref name="binCounts"/>.</summary>
    public static double NumericDistance(NumericReferenceColumn r, Func<double[], (double[] Counts, long Outside)> binCounts)
    {
        if (r.DoaneEdges.Length == 0)
        {
            return double.NaN;
        }
        var (counts, outside) = binCounts(r.DoaneEdges);
        var n = counts.Sum() + outside;
        if (n == 0)
        {
            return double.NaN;
        }
        var q = new double[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            q[i] = counts[i] / n;
        }
        q[^1] = outside / n;
        return Divergences.JensenShannon(r.DoaneShares, q, 2);
    }

    public static double CategoricalDistance(CategoricalReferenceColumn r, string?[] current)
    {
        var q = new double[r.DistinctCount + 1];
        var n = 0;
        foreach (var s in current)
        {
            if (s is null)
            {
                continue;
            }
            n++;
            q[r.Index.TryGetValue(s, out var k) ? k : r.DistinctCount]++;
        }
        return n == 0 ? double.NaN : FromCounts(r, q, n);
    }

    /// <summary>JS (base 2) from current counts per reference category with the unseen count last.</summary>
    public static double FromCounts(CategoricalReferenceColumn r, double[] currentCounts, double n)
    {
        var p = new double[r.DistinctCount + 1];
        for (var i = 0; i < r.DistinctCount; i++)
        {
            p[i] = (double)r.Counts[i] / r.Count;
        }
        var q = new double[currentCounts.Length];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = currentCounts[i] / n;
        }
        return Divergences.JensenShannon(p, q, 2);
    }
}
