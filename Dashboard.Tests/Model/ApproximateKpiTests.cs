using LeadScoring.Dashboard.Model;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Dashboard.Tests.Model;

public sealed class ApproximateKpiTests
{
    [Theory]
    [InlineData(false, "0.250", null)]
    [InlineData(true, "≈0.250", ScoreView.ApproximateScoreHint)]
    public void ScoreKpis_MarkEstimatedQuantilesOnly(bool approximate, string median, string? hint)
    {
        var summary = new ScoreSummary(1_000_000, 0.3, 0.25, 0.2, 0.9, 0.1, 0.5, approximate);
        var report = new ScoreReport(new Histogram(0, 1, new long[20]), null, summary, [], null);

        var kpis = ScoreView.Kpis(report);

        Assert.Equal(median, kpis.Single(k => k.Label == "Median").Value);
        Assert.Equal(hint, kpis.Single(k => k.Label == "Median").Hint);
        Assert.Equal("0.300", kpis.Single(k => k.Label == "Mean score").Value); // exact on both paths
    }

    [Fact]
    public void LatencyKpis_Approximate_PrefixEveryPercentile()
    {
        var report = new LatencyReport(1_000_000, 1, 2, 3, 10, 20, 30, [], [], null, Approximate: true);

        var kpis = LatencyView.Kpis(report, []);

        var percentiles = kpis.Where(k => k.Label[^3..] is "p50" or "p95" or "p99").ToList();
        Assert.Equal(6, percentiles.Count);
        Assert.All(percentiles, k => Assert.StartsWith("≈", k.Value, StringComparison.Ordinal));
        Assert.Equal("1,000,000", kpis.Single(k => k.Label == "Predictions").Value);
    }
}
