using Bunit;
using LeadScoring.Engine.Features;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Components.Pages;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Dashboard.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

[Trait("Store", "both")]
public sealed class PredictionsPageTests : DashboardTestContext
{
    private static readonly double[] s_scores = [0.05, 0.12, 0.33, 0.5, 0.51, 0.77, 0.9, 0.99];
    private readonly int _championId;

    public PredictionsPageTests()
    {
        _championId = PredictionSeed.AddModel(Factory, 3, ModelStatus.Champion, 0.5).Id;
        PredictionSeed.AddPredictions(Factory, _championId, s_scores); // API, 11:48..11:55
        PredictionSeed.AddPredictions(Factory, _championId, [0.42, 0.61], batchId: 7, minutesAgo: 30); // upload, 11:29..11:30
    }

    private static List<string> Scores(IRenderedComponent<Predictions> page) =>
        [.. page.FindAll("[data-testid=predictions-grid] tbody tr.mud-table-row").Select(r => r.Children[3].TextContent.Trim())];

    [Fact]
    public void Render_Default_NewestFirstWithFourDecimalsAndModelVersion()
    {
        var page = RenderPage<Predictions>();

        page.WaitForAssertion(() => Assert.Equal(10, Scores(page).Count));
        Assert.Equal(["0.9900", "0.9000", "0.7700"], Scores(page).Take(3));
        var first = page.Find("[data-testid=predictions-grid] tbody tr.mud-table-row");
        Assert.Equal("v3", first.Children[2].TextContent.Trim());
        Assert.Equal("Engaged", first.Children[4].TextContent.Trim());
        Assert.Equal("2026-03-01 11:55:00.000 UTC", first.QuerySelector("span[title]")!.GetAttribute("title"));
    }

    [Fact]
    public void Render_ScoreRangeInUrl_ShowsOnlyMatchesAndExportCarriesFilter()
    {
        var page = RenderPage<Predictions>("/predictions?min=0.5&max=0.9");

        page.WaitForAssertion(() => Assert.Equal(["0.9000", "0.7700", "0.5100", "0.5000", "0.6100"], Scores(page)) /* newest first; the batch is older */);
        Assert.Equal("/api/predictions/export?window=24h&min=0.5&max=0.9", page.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void Render_BatchInUrl_ShowsThatBatchWithLinkToItsDrift()
    {
        var page = RenderPage<Predictions>("/predictions?batch=7");

        page.WaitForAssertion(() => Assert.Equal(["0.6100", "0.4200"], Scores(page)));
        Assert.Equal(2, page.FindAll("a[href='/drift?batch=7']").Count);
        Assert.StartsWith("/api/predictions/export?window=all&batch=7", page.Find("[data-testid=export-csv]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidRange_SaysWhyAndShowsNothing()
    {
        var page = RenderPage<Predictions>("/predictions?min=0.9&max=0.1");

        page.WaitForAssertion(() => Assert.Contains("min must not exceed max", page.Markup, StringComparison.Ordinal));
        Assert.Empty(Scores(page));
    }

    [Fact]
    public void ClickScoreHeader_SortsInTheStore()
    {
        var page = RenderPage<Predictions>();
        page.WaitForAssertion(() => Assert.Equal(10, Scores(page).Count));

        page.FindAll("th .column-header").Single(h => h.TextContent.Contains("Score", StringComparison.Ordinal))
            .QuerySelector(".sortable-column-header")!.Click();

        page.WaitForAssertion(() => Assert.Equal(["0.0500", "0.1200", "0.3300"], Scores(page).Take(3)));
    }

    [Fact]
    public async Task ShowFeatures_OpensDialogWithAll47ByName()
    {
        var page = RenderPage<Predictions>();
        page.WaitForAssertion(() => Assert.Equal(10, Scores(page).Count));

        // Find and click in one renderer turn: the grid may re-render between the two (slower store answers).
        await page.InvokeAsync(() => page.FindAll("button[aria-label='Show features']")[0].Click());

        Dialogs.WaitForAssertion(() => Assert.Equal(47, Dialogs.FindAll("[data-testid=feature-table] tbody tr").Count));
        var rows = Dialogs.FindAll("[data-testid=feature-table] tbody tr");
        Assert.Equal(FeatureSchema.Names[0], rows[0].Children[1].TextContent);
        Assert.Equal(FeatureSchema.Names[46], rows[46].Children[1].TextContent);
        Assert.Equal("46.07", rows[46].Children[2].TextContent); // feature f of row i is f + i/100; the newest is i = 7
    }

    [Fact]
    public void NewPredictions_WhileLive_GridReloads()
    {
        var page = RenderPage<Predictions>();
        page.WaitForAssertion(() => Assert.Equal(10, Scores(page).Count));

        PredictionSeed.AddPredictions(Factory, _championId, [0.2468], minutesAgo: 1);
        Notifier.Notify(StoreChange.Predictions);

        page.WaitForAssertion(() => Assert.Equal("0.2468", Scores(page)[0]));
    }
}
