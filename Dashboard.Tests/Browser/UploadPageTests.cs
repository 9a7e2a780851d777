using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class UploadPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Upload_DemoScenario_IsScoredStoredAndDriftReported()
    {
        var page = await fixture.OpenAsync("/upload");

        await BrowserFixture.ChooseUploadFileAsync(page, Path.Combine(TestPaths.DataDirectory, "scenarios", "drift_quality_degradation.csv"));

        var status = page.GetByTestId("upload-status");
        await Assertions.Expect(status).ToContainTextAsync("Stored 1,000 predictions", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("drift-summary")).ToContainTextAsync("Alert level");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Drift report" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "upload-completed.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Upload_InvalidRows_IsRejectedNamingRowAndColumn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        var lines = File.ReadLines(Path.Combine(TestPaths.DataDirectory, "scenarios", "no_drift_baseline.csv")).Take(1).ToList();
        lines.Add("150,Mid,0.5,0.5,Software Development,other,experts,1,,,,,,Paris,,,,,,");
        await File.WriteAllLinesAsync(path, lines);
        var page = await fixture.OpenAsync("/upload");

        await BrowserFixture.ChooseUploadFileAsync(page, path);

        await Assertions.Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Rejected", new() { Timeout = 120_000 });
        var errors = page.GetByTestId("issues-errors");
        await Assertions.Expect(errors).ToContainTextAsync("llm_quality");
        await Assertions.Expect(errors.Locator("td").First).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "upload-rejected.png"), FullPage = true });
        File.Delete(path);
    }
}
