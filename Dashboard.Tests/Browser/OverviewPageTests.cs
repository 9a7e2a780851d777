using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class OverviewPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Overview_FreshStart_ShowsHealthyApiChampionAndLatestDrift()
    {
        var page = await fixture.OpenAsync("/");

        var kpis = page.GetByTestId("overview-kpis");
        await Assertions.Expect(kpis).ToContainTextAsync("v1", new() { Timeout = 30_000 });
        await Assertions.Expect(kpis).ToContainTextAsync("drift_quality_degradation.csv");
        await Assertions.Expect(page.GetByTestId("probes")).ToContainTextAsync("this service", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("probes")).ToContainTextAsync("healthy");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "overview.png"), FullPage = true });
    }
}
