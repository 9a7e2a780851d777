namespace LeadScoring.Engine.Statistics;

/// <summary>Corrections for testing many columns at once.</summary>
public static class MultipleTesting
{
    /// <summary>
    /// Benjamini–Hochberg adjusted p-values (as statsmodels <c>multipletests(method='fdr_bh')</c>):
    /// p_(i) · m / i, made monotone from the largest down and capped at 1. NaN entries are ignored and stay NaN.
    /// </summary>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var result = new double[pValues.Length];
        Array.Fill(result, double.NaN);
        var idx = new List<int>();
        for (var i = 0; i < pValues.Length; i++)
        {
            if (!double.IsNaN(pValues[i]))
            {
                idx.Add(i);
            }
        }
        var pv = pValues.ToArray();
        idx.Sort((x, y) => pv[x].CompareTo(pv[y]));
        var m = idx.Count;
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var k = idx[rank - 1];
            running = Math.Min(running, pv[k] * m / rank);
            result[k] = Math.Min(running, 1.0);
        }
        return result;
    }
}
