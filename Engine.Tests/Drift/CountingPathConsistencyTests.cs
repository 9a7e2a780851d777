using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Statistics;
using static LeadScoring.Engine.Tests.Drift.DriftTestData;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Drift;

// The engine derives KS and Wasserstein from counts against the reference (no sort of current data); these tests
// check it against the direct sort-based implementations (themselves checked against scipy) on awkward inputs.
public class CountingPathConsistencyTests
{
    public static TheoryData<string> Shapes() => ["ties", "few", "wide", "heavy", "outside", "extreme"];

    private static (double[] Ref, double[] Cur) Make(string shape, ulong seed)
    {
        var a = Lcg(3000, seed);
        var b = Lcg(20000, seed + 1);
        return shape switch
        {
            "ties" => (a.Select(v => Math.Round(v * 50) / 10).ToArray(), b.Select(v => Math.Round(v * 55) / 10).ToArray()),
            "few" => (a.Select(v => Math.Floor(v * 4)).ToArray(), b.Select(v => Math.Floor(v * 5)).ToArray()),
            "wide" => (a.Select(v => v * 100).ToArray(), b.Select(v => v * 100 + 3).ToArray()),
            "heavy" => (a.Select(v => Math.Exp(12 * v)).ToArray(), b.Select(v => Math.Exp(12.5 * v)).ToArray()),
            "outside" => (a, WithMissing(b.Select(v => v * 3 - 1).ToArray(), double.NaN)),
            _ => (a.Select(v => (v - 0.5) * 1e300).Append(-1.5e308).Append(1.5e308).ToArray(), b.Select(v => (v - 0.45) * 1e300).ToArray()),
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EngineKsAndWasserstein_EqualDirectComputation(string shape)
    {
        var (r, c) = Make(shape, 101);
        var options = new DriftOptions();
        options.Columns["ks"] = new ColumnDriftOverride { Test = DriftTest.KolmogorovSmirnov };
        options.Columns["w"] = new ColumnDriftOverride { Test = DriftTest.Wasserstein };
        var report = DriftDetector.Run(new DriftDataset([Float("ks", r), Float("w", r)]), new DriftDataset([Float("ks", c), Float("w", c)]), options);
        var cleanCur = c.Where(double.IsFinite).ToArray();
        var ks = KolmogorovSmirnov.TwoSample(r, cleanCur);
        Assert.Equal(ks.Statistic, Column(report, "ks").Statistic);
        Close(ks.PValue, Column(report, "ks").Score!.Value, 1e-12, 1e-300);
        Close(Wasserstein.Normed(r, cleanCur), Column(report, "w").Score!.Value, 1e-9);
    }

    [Fact]
    public void ConcurrentRuns_OnOneReference_GiveIdenticalReports()
    {
        var (r, c) = Make("wide", 7);
        var reference = DriftReference.Build(new DriftDataset([Float("x", r)]));
        var current = new DriftDataset([Float("x", c)]);
        var reports = Enumerable.Range(0, 8).AsParallel().Select(_ => DriftReportJson.Serialize(DriftDetector.Run(reference, current))).ToArray();
        Assert.All(reports, s => Assert.Equal(reports[0], s));
    }
}
