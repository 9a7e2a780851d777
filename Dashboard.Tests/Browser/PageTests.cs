using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

/// <summary>Each monitoring page in Chromium against a store seeded with a day of predictions; screenshots for review.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly Lock s_seedGate = new();
    private static readonly HashSet<string> s_seeded = [];
    private static readonly Dictionary<string, int> s_modelIds = [];

    private void EnsureSeeded()
    {
        lock (s_seedGate)
        {
            if (!s_seeded.Add(fixture.App.DatabasePath))
            {
                return;
            }
            var factory = fixture.App.Services.GetRequiredService<ILeadScoringDbFactory>();
            var random = new Random(7);
            double Score() => Math.Clamp(Math.Pow(random.NextDouble(), 1.8), 0, 1);
            var model = PredictionSeed.AddModel(factory, 101, ModelStatus.Archived, 0.5, [.. Enumerable.Range(0, 2_000).Select(_ => Score())], "demo");
            s_modelIds[fixture.App.DatabasePath] = model.Id; // the app's own v1 and demo batches are there too
            using var db = factory.CreateDbContext();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var i = 0; i < 2_000; i++)
            {
                // Scores drift upwards over the day, so the trend and the overlay show something.
                var score = Math.Clamp(Score() + i / 20_000.0, 0, 1);
                var inference = 0.02 + random.NextDouble() * 0.04 + (random.Next(50) == 0 ? 0.3 : 0);
                db.Predictions.Add(new PredictionRecord
                {
                    TimestampMs = now - (long)((2_000 - i) * 43_000.0), BatchId = i % 4 == 0 ? null : 1 + i / 500,
                    ModelVersionId = model.Id, Score = score, PredictedEngaged = score >= 0.5, ActualEngaged = i % 3 == 0 ? (score > 0.4 ? 1 : 0) : null,
                    InferenceMs = inference, EndToEndMs = inference + 0.4 + random.NextDouble() * 0.6,
                    Features = FeatureBlob.Pack([.. Enumerable.Range(0, 47).Select(f => Math.Round(random.NextDouble() * f, 3))]),
                    Source = i % 4 == 0 ? PredictionSource.Api : PredictionSource.Upload,
                });
            }
            db.SaveChanges();
        }
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name), FullPage = true });

    [BrowserFact]
    public async Task Scores_WithStoredPredictions_DrawsHistogramAndTrend()
    {
        EnsureSeeded();
        var page = await fixture.OpenAsync($"/scores?model={s_modelIds[fixture.App.DatabasePath]}");

        await page.WaitForSelectorAsync("[data-testid=score-histogram] .js-plotly-plot .barlayer", new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("[data-testid=score-trend] .js-plotly-plot", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("score-kpis")).ToContainTextAsync("2,000");
        await ScreenshotAsync(page, "scores.png");

        // The theme toggle re-colours the charts (text stays readable on the dark surface).
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle theme" }).ClickAsync();
        await page.WaitForTimeoutAsync(800);
        await ScreenshotAsync(page, "scores-dark.png");
    }

    [BrowserFact]
    public async Task Latency_WithStoredPredictions_DrawsFourCharts()
    {
        EnsureSeeded();
        var page = await fixture.OpenAsync("/latency?window=24h");

        foreach (var id in new[] { "latency-inference", "latency-end-to-end", "latency-histogram", "latency-throughput" })
        {
            await page.WaitForSelectorAsync($"[data-testid={id}] .js-plotly-plot", new() { Timeout = 30_000 });
        }
        await Assertions.Expect(page.GetByTestId("latency-kpis")).ToContainTextAsync("Inference p99");
        await page.WaitForTimeoutAsync(500);
        await ScreenshotAsync(page, "latency.png");
    }

    [BrowserFact]
    public async Task Predictions_WithStoredPredictions_PagesAndShowsFeatures()
    {
        EnsureSeeded();
        var page = await fixture.OpenAsync("/predictions");

        var rows = page.Locator("[data-testid=predictions-grid] tbody tr.mud-table-row");
        await Assertions.Expect(rows).ToHaveCountAsync(25, new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "predictions.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Show features" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=feature-table] tbody tr")).ToHaveCountAsync(47);
        // The seeded rows' version has no background sample: the dialog says why there are no factors.
        await Assertions.Expect(page.GetByTestId("score-factors")).ToContainTextAsync("not available");
        await ScreenshotAsync(page, "predictions-detail.png");
        await page.Locator(".mud-dialog .mud-button-close").ClickAsync();
        await page.Locator(".mud-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // The export link downloads the current filter as CSV with the signed-in cookie.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var file = Path.Combine(BrowserFixture.ArtifactsDirectory, "predictions-export.csv");
        await download.SaveAsAsync(file);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.StartsWith("id,time_utc,batch_id", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length > 1_000, $"export has {lines.Length} lines");
    }
}
