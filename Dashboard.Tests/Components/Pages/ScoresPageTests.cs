using Bunit;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Components.Charts;
using LeadScoring.Dashboard.Components.Controls;
using LeadScoring.Dashboard.Components.Pages;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Dashboard.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

[Trait("Store", "both")]
public sealed class ScoresPageTests : DashboardTestContext
{
    private static readonly double[] s_scores = [0.05, 0.12, 0.12, 0.33, 0.5, 0.51, 0.77, 0.9, 0.99, 1.0];
    private readonly int _championId;
    private readonly int _candidateId;

    public ScoresPageTests()
    {
        _championId = PredictionSeed.AddModel(Factory, 1, ModelStatus.Champion, 0.5, [0.2, 0.4, 0.6, 0.8]).Id;
        _candidateId = PredictionSeed.AddModel(Factory, 2, ModelStatus.Candidate, 0.7).Id;
        PredictionSeed.AddPredictions(Factory, _championId, s_scores);
    }

    private static string Kpi(IRenderedComponent<Scores> page, string label) =>
        page.FindComponents<KpiCard>().Single(k => k.Instance.Label == label).Instance.Value;

    [Fact]
    public void Render_Last24Hours_ShowsSummaryOfStoredScores()
    {
        var page = RenderPage<Scores>();

        page.WaitForAssertion(() => Assert.Equal("10", Kpi(page, "Predictions")));
        // numpy on s_scores: mean 0.529, median 0.505, std 0.35141, percentile 95 0.9955; 6 of 10 at or above 0.5
        Assert.Equal("0.529", Kpi(page, "Mean score"));
        Assert.Equal("0.505", Kpi(page, "Median"));
        Assert.Equal("0.351", Kpi(page, "Std deviation"));
        Assert.Equal("0.996", Kpi(page, "95th percentile"));
        Assert.Equal("60.0%", Kpi(page, "At or above threshold"));
    }

    [Fact]
    public void Render_ChampionWithReference_HistogramOverlaysSharesAndMarksThreshold()
    {
        var page = RenderPage<Scores>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindComponent<HistogramChart>().Instance.Model.Series.Count));
        var model = page.FindComponent<HistogramChart>().Instance.Model;
        Assert.Equal(1.0, model.Series[0].Y.Sum(), 1e-12); // shares, not counts
        Assert.Equal(1.0, model.Series[1].Y.Sum(), 1e-12);
        Assert.Equal(0.25, model.Series[1].Y[4]); // reference 0.2 of [0.2, 0.4, 0.6, 0.8] in bin [0.2, 0.25)
        Assert.Equal(0.5, Assert.Single(model.Markers).X);
        Assert.Equal(10, page.FindComponent<TimeSeriesChart>().Instance.Model.Series[0].Y.Sum());
    }

    [Fact]
    public void Render_CandidateWithoutReference_NoOverlayAndItsThreshold()
    {
        var page = RenderPage<Scores>($"/scores?model={_candidateId}");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-data]")));
        var model = page.FindComponent<HistogramChart>().Instance.Model;
        Assert.Single(model.Series);
        Assert.Equal(0.7, Assert.Single(model.Markers).X);
        Assert.Equal("0", Kpi(page, "Predictions"));
    }

    [Fact]
    public void Render_LastHourWithOlderData_SaysNoPredictions()
    {
        Time.Now = PredictionSeed.Now.AddHours(3);

        var page = RenderPage<Scores>("/scores?window=1h");

        page.WaitForAssertion(() => Assert.Contains("No predictions in this window", page.Find("[data-testid=no-data]").TextContent));
    }

    [Fact]
    public async Task NewPredictions_WhileLive_PageReloads()
    {
        var page = RenderPage<Scores>();
        page.WaitForAssertion(() => Assert.Equal("10", Kpi(page, "Predictions")));

        PredictionSeed.AddPredictions(Factory, _championId, [0.4, 0.6], minutesAgo: 1);
        Notifier.Notify(StoreChange.Predictions);

        page.WaitForAssertion(() => Assert.Equal("12", Kpi(page, "Predictions")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task NewPredictions_WhilePaused_PageStaysStill()
    {
        var page = RenderPage<Scores>();
        page.WaitForAssertion(() => Assert.Equal("10", Kpi(page, "Predictions")));
        await page.InvokeAsync(() => page.FindComponent<LiveSwitch>().Instance.ValueChanged.InvokeAsync(false));

        PredictionSeed.AddPredictions(Factory, _championId, [0.4, 0.6], minutesAgo: 1);
        Notifier.Notify(StoreChange.Predictions);
        await Task.Delay(StoreChangeNotifier.MinimumInterval * 3);

        Assert.Equal("10", Kpi(page, "Predictions"));
        // Switching live on again catches up.
        await page.InvokeAsync(() => page.FindComponent<LiveSwitch>().Instance.ValueChanged.InvokeAsync(true));
        page.WaitForAssertion(() => Assert.Equal("12", Kpi(page, "Predictions")));
    }

    [Fact]
    public void ChooseWindow_InSelect_PutsItInTheUrl()
    {
        var page = RenderPage<Scores>();
        page.WaitForAssertion(() => Assert.Equal("10", Kpi(page, "Predictions")));

        page.Find("[data-testid=window-select]").MouseDown();
        Popovers.WaitForAssertion(() => Assert.NotEmpty(Popovers.FindAll(".mud-list-item")));
        Popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Contains("All time", StringComparison.Ordinal)).Click();

        Assert.EndsWith("?window=all", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_Page_EndsItsSubscription()
    {
        var page = RenderPage<Scores>();
        page.WaitForAssertion(() => Assert.Equal("10", Kpi(page, "Predictions")));
        Assert.Equal(1, SubscriptionCount());

        await Context.DisposeComponentsAsync();

        Assert.Equal(0, SubscriptionCount());
    }
}
