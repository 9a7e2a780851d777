using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.DemoData;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [BrowserFact]
    public async Task Upload_100kLeads_GoesOverPlainHttpAndStoresEveryRow()
    {
        var path = Path.Combine(Path.GetTempPath(), $"upload-100k-{Guid.NewGuid():N}.csv");
        LargeUpload.Write(TestPaths.DataDirectory, 100_000, path);
        var before = await CountAsync(db => db.Predictions);
        var page = await fixture.OpenAsync("/upload");
        var posts = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                posts.Add(new Uri(request.Url).AbsolutePath);
            }
        };

        await BrowserFixture.ChooseUploadFileAsync(page, path);

        await Assertions.Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Stored 100,000 predictions", new() { Timeout = 240_000 });
        Assert.Equal(before + 100_000, await CountAsync(db => db.Predictions));
        Assert.Contains("/api/batches", posts); // the file went over HTTP, not through the circuit
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "upload-100k.png"), FullPage = true });
        File.Delete(path);
    }

    [BrowserFact]
    public async Task Upload_Cancelled_StoresNothingAndSaysSo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"upload-cancel-{Guid.NewGuid():N}.csv");
        LargeUpload.Write(TestPaths.DataDirectory, 20_000, path); // ~10 MB
        var predictions = await CountAsync(db => db.Predictions);
        var page = await fixture.OpenAsync("/upload");
        // Slow the browser's upload to ~1 MB/s so there is time to cancel before the file has arrived.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 1_000_000,
        });

        await BrowserFixture.ChooseUploadFileAsync(page, path);
        // Progress tells the truth while the file is still on its way: bytes sent, then rows read, scored and stored.
        await Assertions.Expect(page.GetByTestId("job-stage")).ToContainTextAsync("rows", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "upload-progress.png"), FullPage = true });
        await page.GetByTestId("upload-cancel").ClickAsync(new() { Timeout = 30_000 });

        await Assertions.Expect(page.GetByTestId("upload-notice")).ToContainTextAsync("Cancelled; nothing was stored.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "upload-cancelled.png"), FullPage = true });
        // The server sees the connection end, rolls back and marks its batch failed: wait for that, then count.
        await WaitUntilAsync(async () => await CountAsync(db => db.Batches.Where(b => b.Status == BatchStatus.Running)) == 0);
        Assert.Equal(predictions, await CountAsync(db => db.Predictions));
        File.Delete(path);
    }

    [BrowserFact]
    public async Task Upload_FewColumnsRefusedThenAllowed_ThenAnOutcomesFile_LabelsThosePredictions()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var leads = Path.Combine(Path.GetTempPath(), $"leads-{tag}.csv");
        await File.WriteAllTextAsync(leads, $"lead_id,llm_quality,jobtitle\n{tag}-1,80,CTO\n{tag}-2,40,Intern\n");
        var outcomes = Path.Combine(Path.GetTempPath(), $"outcomes-{tag}.csv");
        await File.WriteAllTextAsync(outcomes, $"lead_id,converted\n{tag}-1,yes\n{tag}-2,no\n{tag}-3,yes\n");
        var page = await fixture.OpenAsync("/upload");

        // Only 2 of the 19 raw columns: refused unless the uploader allows missing columns.
        await BrowserFixture.ChooseUploadFileAsync(page, leads);
        await Assertions.Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Rejected", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("issues-errors")).ToContainTextAsync("The raw column is missing");
        await page.GetByLabel("Allow missing raw columns").CheckAsync();
        await BrowserFixture.ChooseUploadFileAsync(page, leads);
        await Assertions.Expect(page.GetByTestId("upload-status")).ToContainTextAsync("Stored 2 predictions", new() { Timeout = 120_000 });
        await BrowserFixture.ChooseUploadFileAsync(page, outcomes);

        var result = page.GetByTestId("outcome-result");
        await Assertions.Expect(result).ToContainTextAsync("outcomes for 3 leads. 2 labelled their latest prediction", new() { Timeout = 60_000 });
        await Assertions.Expect(result).ToContainTextAsync($"1 had no earlier prediction: {tag}-3");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "upload-outcomes.png"), FullPage = true });
        Assert.Equal(1, await CountAsync(db => db.Predictions.Where(p => p.LeadId == tag + "-1" && p.ActualEngaged == 1)));
        File.Delete(leads);
        File.Delete(outcomes);
    }

    private async Task<int> CountAsync<T>(Func<LeadScoringDbContext, IQueryable<T>> query)
    {
        await using var db = fixture.App.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await query(db).CountAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
