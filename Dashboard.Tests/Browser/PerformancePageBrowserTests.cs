using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

/// <summary>The real app with the five demo batches and the eight demo weeks with late outcomes, in Chromium.</summary>
public sealed class OutcomesBrowserFixture : IAsyncLifetime
{
    private readonly BrowserFixture _inner = new();

    public BrowserFixture Browser => _inner;

    public async Task InitializeAsync()
    {
        _inner.App.Settings["DemoData:SeedOutcomes"] = "true";
        await _inner.InitializeAsync();
    }

    public Task DisposeAsync() => _inner.DisposeAsync();
}

[Collection(BrowserCollection.Name)]
public sealed class PerformancePageBrowserTests(OutcomesBrowserFixture fixture) : IClassFixture<OutcomesBrowserFixture>
{
    [BrowserFact]
    public async Task PerformancePage_DemoWeeks_RealizedBesideEstimated_ConceptDriftFlagged()
    {
        var page = await fixture.Browser.OpenAsync("/performance");

        await Assertions.Expect(page.GetByTestId("label-rule")).ToContainTextAsync("labelled", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("label-rule")).ToContainTextAsync("left out: Outcomes:AbsentMeansNegative = false");
        var buckets = page.GetByTestId("performance-buckets");
        await Assertions.Expect(buckets.Locator("tr.reference-row")).ToContainTextAsync("reference (holdout)");
        // Realized with intervals and estimated with bands.
        await Assertions.Expect(buckets.Locator("tr.bucket-row").First).ToContainTextAsync("[");
        // The two concept-drift weeks are worse than the holdout: the second one is flagged.
        await Assertions.Expect(page.Locator(".worse-flag").First).ToContainTextAsync("worse", new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("[data-testid=performance-f1] .js-plotly-plot", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("capacity-planner")).ToContainTextAsync("score cut-off");
        await page.WaitForTimeoutAsync(500); // let Plotly finish its transition before the picture
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "performance.png"), FullPage = true });

        // By day: the last demo week's outcomes are mostly not in yet, so its day shows no number.
        await BrowserFixture.ActUntilUrlAsync(page, async () =>
        {
            if (!await page.GetByRole(AriaRole.Option, new() { Name = "Day" }).IsVisibleAsync())
            {
                await page.GetByTestId("bucket-select").ClickAsync();
            }
            await page.GetByRole(AriaRole.Option, new() { Name = "Day" }).ClickAsync();
        }, url => url.Contains("bucket=day", StringComparison.Ordinal));
        await Assertions.Expect(buckets.Locator("tr.bucket-row", new() { HasText = "too few labels" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [BrowserFact]
    public async Task PredictionDetail_DemoLead_ShowsItsTopFactors()
    {
        var page = await fixture.Browser.OpenAsync("/predictions");

        await page.GetByRole(AriaRole.Button, new() { Name = "Show features" }).First.ClickAsync(new() { Timeout = 30_000 });

        await Assertions.Expect(page.Locator(".factor-row")).ToHaveCountAsync(8, new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("score-factors")).ToContainTextAsync("the average lead scores");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "predictions-why.png") });
    }
}
