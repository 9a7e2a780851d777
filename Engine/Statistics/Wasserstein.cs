namespace LeadScoring.Engine.Statistics;

/// <summary>First Wasserstein (earth mover's) distance between two samples, scipy <c>wasserstein_distance(u, v)</c>.</summary>
public static class Wasserstein
{
    /// <summary>∫ |F_u(x) − F_v(x)| dx over the pooled sorted values (samples are copied and sorted).</summary>
    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.IsEmpty || v.IsEmpty)
        {
            throw new ArgumentException("Both samples must be non-empty.");
        }
        var a = u.ToArray();
        var b = v.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        int i = 0, j = 0;
        var total = 0.0;
        var prev = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            var x = i < a.Length && (j >= b.Length || a[i] <= b[j]) ? a[i] : b[j];
            total += Math.Abs((double)i / a.Length - (double)j / b.Length) * (x - prev);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }
            while (j < b.Length && b[j] <= x)
            {
                j++;
            }
            prev = x;
        }
        return total;
    }

    /// <summary>Evidently's normed Wasserstein: distance / max(population std of the reference, 0.001).</summary>
    public static double Normed(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
        => Distance(reference, current) / Math.Max(PopulationStd(reference), 0.001);

    /// <summary>numpy <c>std</c> with ddof = 0 (two-pass).</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var x in values)
        {
            mean += x;
        }
        mean /= values.Length;
        var ss = 0.0;
        foreach (var x in values)
        {
            ss += (x - mean) * (x - mean);
        }
        return Math.Sqrt(ss / values.Length);
    }
}
