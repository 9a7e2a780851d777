using LeadScoring.Engine.Drift;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Drift;

/// <summary>Column recipes mirrored in drift_expected.py (same generator, same values).</summary>
public static class DriftTestData
{
    public static double[] Tri(int n, ulong seed, double bias) => Lcg(n, seed).Select(v => Math.Min(Math.Floor(v * 3 + bias), 2.0)).ToArray();

    public static double[] Binary(int n, ulong seed, double p) => Lcg(n, seed).Select(v => v < p ? 1.0 : 0.0).ToArray();

    public static string?[] City(int n, ulong seed, bool unseen)
        => Lcg(n, seed).Select(x => x < 0.4 ? "Paris" : x < 0.7 ? "Lyon" : x < 0.95 ? "Nice" : unseen ? "Brest" : "Paris").ToArray<string?>();

    public static double[] WithMissing(double[] v, double inf)
    {
        var r = (double[])v.Clone();
        for (var i = 0; i < r.Length; i++)
        {
            if (i % 7 == 3)
            {
                r[i] = double.NaN;
            }
            else if (i % 11 == 5)
            {
                r[i] = inf;
            }
        }
        return r;
    }

    public static string?[] Cat(int n, ulong seed, double shift, bool unseen)
        => Lcg(n, seed).Select(x => x < 0.4 + shift ? "a" : x < 0.7 ? "b" : x < 0.9 ? "c" : unseen && x >= 0.99 ? "zz" : "d").ToArray<string?>();

    public static double[] Few(int n, ulong seed, double off) => Lcg(n, seed).Select(v => Math.Min(Math.Floor(v * 4 + off), 3.0) * 1.5).ToArray();

    public static double[] IntCat(int n, ulong seed) => Lcg(n, seed).Select(v => Math.Floor(v * 8)).ToArray();

    public static double[] Round1(double[] v) => v.Select(x => Math.Round(x * 10, MidpointRounding.ToEven) / 10).ToArray();

    public static ColumnDriftResult Column(DriftReport report, string name) => report.Columns.Single(c => c.Column == name);

    public static NumericDriftColumn Float(string name, double[] v) => new(name, v, isInteger: false);

    public static NumericDriftColumn Int(string name, double[] v) => new(name, v, isInteger: true);
}
