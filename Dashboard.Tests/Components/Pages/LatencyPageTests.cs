using Bunit;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Components.Charts;
using LeadScoring.Dashboard.Components.Controls;
using LeadScoring.Dashboard.Components.Pages;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Dashboard.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

[Trait("Store", "both")]
public sealed class LatencyPageTests : DashboardTestContext
{
    private readonly int _championId;
    private readonly int _candidateId;

    public LatencyPageTests()
    {
        _championId = PredictionSeed.AddModel(Factory, 1, ModelStatus.Champion, 0.5).Id;
        _candidateId = PredictionSeed.AddModel(Factory, 2, ModelStatus.Candidate, 0.5).Id;
        // Inference 1..10 ms, end-to-end 10..100 ms, one a minute.
        PredictionSeed.AddPredictions(Factory, _championId, [.. Enumerable.Repeat(0.5, 10)]);
    }

    private static string Kpi(IRenderedComponent<Latency> page, string label) =>
        page.FindComponents<KpiCard>().Single(k => k.Instance.Label == label).Instance.Value;

    [Fact]
    public void Render_Last24Hours_ShowsPercentilesOfStoredLatencies()
    {
        var page = RenderPage<Latency>();

        page.WaitForAssertion(() => Assert.Equal("10", Kpi(page, "Predictions")));
        // np.percentile(np.arange(1, 11), [50, 95, 99]) -> 5.5, 9.55, 9.91 (end-to-end: ten times that)
        Assert.Equal("5.500 ms", Kpi(page, "Inference p50"));
        Assert.Equal("9.550 ms", Kpi(page, "Inference p95"));
        Assert.Equal("9.910 ms", Kpi(page, "Inference p99"));
        Assert.Equal("55.0 ms", Kpi(page, "End-to-end p50"));
        Assert.Equal("95.5 ms", Kpi(page, "End-to-end p95"));
        Assert.Equal("99.1 ms", Kpi(page, "End-to-end p99"));
        // 24 h in 5-minute throughput buckets; the minutes 11:46..11:55 fill 4, 5 and 1.
        Assert.Equal("5", Kpi(page, "Peak per bucket"));
    }

    [Fact]
    public void Render_WithData_DrawsPercentileLinesHistogramAndThroughput()
    {
        var page = RenderPage<Latency>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindComponents<TimeSeriesChart>().Count));
        var inference = page.FindComponents<TimeSeriesChart>()[0].Instance.Model;
        Assert.Equal(["p50", "p95", "p99"], inference.Series.Select(s => s.Name));
        Assert.Single(inference.Series[0].X); // 24 h in 15-minute latency buckets: 11:46..11:55 is one
        var histogram = page.FindComponent<HistogramChart>().Instance.Model;
        Assert.Equal(10, histogram.Series[0].Y.Sum());
        Assert.Equal(10, page.FindComponents<TimeSeriesChart>()[2].Instance.Model.Series[0].Y.Sum());
    }

    [Fact]
    public void NavigateToOtherModel_ReloadsForIt()
    {
        var page = RenderPage<Latency>();
        page.WaitForAssertion(() => Assert.Equal("10", Kpi(page, "Predictions")));

        Navigation.NavigateTo($"/latency?model={_candidateId}");

        page.WaitForAssertion(() => Assert.Equal("0", Kpi(page, "Predictions")));
        Assert.NotNull(page.Find("[data-testid=no-data]"));
        Assert.Empty(page.FindComponents<TimeSeriesChart>());
    }
}
