using LeadScoring.Core.DriftRuns;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

/// <summary>The real app with the five demo batches, in Chromium.</summary>
public sealed class SeededBrowserFixture : IAsyncLifetime
{
    private readonly BrowserFixture _inner = new();

    public BrowserFixture Browser => _inner;

    public async Task InitializeAsync()
    {
        _inner.App.Settings["DemoData:SeedBatches"] = "true";
        await _inner.InitializeAsync();
    }

    public Task DisposeAsync() => _inner.DisposeAsync();
}

[Collection(BrowserCollection.Name)]
public sealed class DriftPageBrowserTests(SeededBrowserFixture fixture) : IClassFixture<SeededBrowserFixture>
{
    [BrowserFact]
    public async Task DriftPage_QualityDegradationBatch_FlagsFeatures_AndDrawsOverlay()
    {
        var batches = await fixture.Browser.App.Services.GetRequiredService<DriftService>().RecentBatchesAsync();
        var batch = batches.Single(b => b.FileName == "drift_quality_degradation.csv");

        var page = await fixture.Browser.OpenAsync($"/drift?batch={batch.Id}");

        await Assertions.Expect(page.Locator(".drift-summary")).ToContainTextAsync("RED", new() { Timeout = 30_000 });
        var llmQuality = page.Locator(".drift-row", new() { HasText = "llm_quality" }).First;
        await Assertions.Expect(llmQuality.Locator(".drifted-flag")).ToBeVisibleAsync();
        Assert.True(await page.Locator(".drifted-flag").CountAsync() >= 10);
        // Which of the drifted columns move the scores: the exact attribution, and the impact column of the table.
        await Assertions.Expect(page.GetByTestId("score-shift")).ToContainTextAsync("moving the scores most: llm_quality", new() { Timeout = 30_000 });
        await Assertions.Expect(llmQuality.Locator(".impact")).Not.ToHaveTextAsync("–");

        await BrowserFixture.ActUntilUrlAsync(page, () => llmQuality.ClickAsync(), url => url.Contains("feature=llm_quality", StringComparison.Ordinal));
        await page.WaitForSelectorAsync(".js-plotly-plot", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("llm_quality: reference vs current")).ToBeVisibleAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.WaitForTimeoutAsync(500); // let Plotly finish its transition before the picture
        // Viewport pictures: the app bar and drawer are fixed, a full-page capture would paint them mid-page.
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "drift-quality-degradation.png") });

        await BrowserFixture.ActUntilUrlAsync(page, () => page.Locator(".drift-row", new() { HasText = "companytype" }).First.ClickAsync(),
            url => url.Contains("feature=companytype", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByText("companytype: reference vs current")).ToBeVisibleAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "drift-categorical-overlay.png") });
    }
}
