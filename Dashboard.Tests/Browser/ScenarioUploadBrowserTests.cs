using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

/// <summary>
/// Each of the five demo scenarios uploaded through the Upload page in Chromium, then its drift report opened from the
/// link the page gives: the drift table flags the features the scenario's generator moves.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScenarioUploadBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // What each scenario's generator moves (Engine/DemoData/LeadProfile.cs). The page tests a one-hot group as its
    // categorical source column (llm_seniority, not llm_seniority_Senior), as the raw leads carry it.
    public static TheoryData<string, string[]> Scenarios => new()
    {
        { "no_drift_baseline", [] },
        { "drift_sector_shift", ["llm_industry", "industry", "companyindustry"] },
        { "drift_seniority_shift", ["llm_seniority", "llm_business_type", "llm_decision_maker", "is_founder", "is_director"] },
        { "drift_geography_shift", ["llm_geography", "location", "companylocation"] },
        { "drift_quality_degradation", ["llm_quality", "llm_engagement", "llm_decision_maker", "has_summary", "has_skills", "has_jobtitle",
            "summary_length", "jobtitle_length", "languages", "companyfoundedon", "companysize", "companytype"] },
    };

    [BrowserTheory]
    [MemberData(nameof(Scenarios))]
    public async Task UploadScenario_DriftTableFlagsTheShiftedFeatures(string scenario, string[] shifted)
    {
        var page = await fixture.OpenAsync("/upload");

        await BrowserFixture.ChooseUploadFileAsync(page, Path.Combine(TestPaths.DataDirectory, "scenarios", scenario + ".csv"));
        await Assertions.Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Stored 1,000 predictions", new() { Timeout = 120_000 });
        await BrowserFixture.ActUntilUrlAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Drift report" }).ClickAsync(),
            url => url.Contains("/drift?", StringComparison.Ordinal) && url.Contains("batch=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".drift-summary")).ToContainTextAsync("features drifted", new() { Timeout = 60_000 });
        await page.Locator(".drift-row").First.WaitForAsync();

        var flagged = await page.Locator(".drift-row.drifted-row td:first-child").AllInnerTextsAsync();
        if (shifted.Length == 0)
        {
            // A fresh draw of the reference population: nothing moves, so at most a chance flag or two and a green alert.
            Assert.True(flagged.Count <= 2, $"flagged: {string.Join(", ", flagged)}");
            await Assertions.Expect(page.Locator(".drift-summary")).ToContainTextAsync("Data drift GREEN");
        }
        else
        {
            var missed = shifted.Except(flagged.Select(f => f.Trim())).ToList();
            Assert.True(missed.Count == 0, $"not flagged: {string.Join(", ", missed)}; flagged: {string.Join(", ", flagged)}");
        }
        await page.WaitForSelectorAsync(".js-plotly-plot", new() { Timeout = 30_000 }); // the overlay, for the picture
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"scenario-{scenario}-drift.png") });
    }
}
