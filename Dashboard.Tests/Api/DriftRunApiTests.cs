using System.Net;
using System.Text.Json;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>/api/drift-runs over real HTTP on the seeded dashboard (five demo batches, each recorded at upload).</summary>
[Trait("Store", "both")]
public sealed class DriftRunApiTests(SeededDashboardAppFactory app) : IClassFixture<SeededDashboardAppFactory>
{
    private DriftRunStore Runs => app.Services.GetRequiredService<DriftRunStore>();

    private static string WindowQuery() => "from=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-2).ToString("O"));

    private static async Task<long> PostWindowAsync(HttpClient client, string extra = "")
    {
        var response = await client.PostAsync($"/api/drift?{WindowQuery()}{extra}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("run_id").GetInt64();
    }

    [Fact]
    public async Task PostDrift_Window_AnswersRunId_OneRunStored_ThatReproducesTheAnswer()
    {
        var client = await SignIn.ClientAsync(app);
        var newestBefore = (await Runs.ListAsync(limit: 1)).Runs.Single().Id;

        var response = await client.PostAsync($"/api/drift?{WindowQuery()}", null);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var runId = answer.RootElement.GetProperty("run_id").GetInt64();

        var page = await Runs.ListAsync(limit: 2);
        Assert.Equal([runId, newestBefore], page.Runs.Select(r => r.Id)); // exactly one new run
        using var stored = JsonDocument.Parse(await client.GetStringAsync($"/api/drift-runs/{runId}"));
        var root = stored.RootElement;
        Assert.Equal(answer.RootElement.GetProperty("columns").GetRawText(), root.GetProperty("columns").GetRawText());
        Assert.Equal(5_000, root.GetProperty("currentRows").GetInt32());
        var run = root.GetProperty("run");
        Assert.Equal(("window", "api", "admin"), (run.GetProperty("kind").GetString(), run.GetProperty("trigger").GetString(), run.GetProperty("requestedBy").GetString()));
        Assert.Matches("^[0-9a-f]{64}$", run.GetProperty("referenceSha256").GetString());
        Assert.Equal("evidently", run.GetProperty("config").GetProperty("options").GetProperty("profile").GetString());
        Assert.True(run.GetProperty("windowFromMs").GetInt64() < run.GetProperty("windowToMs").GetInt64());
    }

    [Fact]
    public async Task PostDrift_StoredBatchReport_NoNewRun_RunIdOfItsUpload()
    {
        var client = await SignIn.ClientAsync(app);
        var batch = await app.BatchAsync("drift_quality_degradation");
        var newestBefore = (await Runs.ListAsync(limit: 1)).Runs.Single().Id;

        var response = await client.PostAsync($"/api/drift?batch={batch.Id}", null);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("context").GetProperty("fromStore").GetBoolean());
        Assert.Equal(newestBefore, (await Runs.ListAsync(limit: 1)).Runs.Single().Id);
        var uploadRun = json.RootElement.GetProperty("run_id").GetInt64();
        using var stored = JsonDocument.Parse(await client.GetStringAsync($"/api/drift-runs/{uploadRun}"));
        Assert.Equal(("upload", "upload"), (stored.RootElement.GetProperty("run").GetProperty("kind").GetString(),
            stored.RootElement.GetProperty("run").GetProperty("trigger").GetString()));
        Assert.Equal(batch.Id, stored.RootElement.GetProperty("run").GetProperty("batchId").GetInt64());
    }

    [Fact]
    public async Task List_PagedByKey_NewestFirst_WithNextLink()
    {
        var client = await SignIn.ClientAsync(app);

        using var first = JsonDocument.Parse(await client.GetStringAsync("/api/drift-runs?limit=2"));
        var items = first.RootElement.GetProperty("items");
        var next = first.RootElement.GetProperty("next").GetString()!;
        using var second = JsonDocument.Parse(await client.GetStringAsync(next));

        Assert.Equal(2, items.GetArrayLength());
        Assert.True(items[0].GetProperty("id").GetInt64() > items[1].GetProperty("id").GetInt64());
        Assert.Equal(items[1].GetProperty("id").GetInt64(), first.RootElement.GetProperty("next_before_id").GetInt64());
        Assert.True(second.RootElement.GetProperty("items")[0].GetProperty("id").GetInt64() < items[1].GetProperty("id").GetInt64());
        Assert.Contains(items[0].GetProperty("kind").GetString(), new[] { "upload", "window", "batch", "files" });
        Assert.StartsWith("/api/drift-runs/", items[0].GetProperty("href").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/drift-runs?limit=0", "DriftRuns:MaxPageSize")]
    [InlineData("/api/drift-runs?limit=100000", "DriftRuns:MaxPageSize")]
    [InlineData("/api/drift-runs?before_id=abc", "before_id")]
    [InlineData("/api/drift-runs/compare?a=1", "'a' and 'b'")]
    public async Task BadQuery_400NamingTheField(string url, string named)
    {
        var client = await SignIn.ClientAsync(app);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_request", json.RootElement.GetProperty("error").GetString());
        Assert.Contains(named, json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/drift-runs/987654")]
    [InlineData("/api/drift-runs/compare?a=1&b=987654")]
    public async Task UnknownRun_404AsErrorResponse(string url)
    {
        var client = await SignIn.ClientAsync(app);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not_found", json.RootElement.GetProperty("error").GetString());
        Assert.Contains("987654", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_BaselineUploadVsDegradedUpload_FlipsLlmQuality_SameReference()
    {
        var client = await SignIn.ClientAsync(app);
        var baseline = (await app.BatchAsync("no_drift_baseline")).Id;
        var degraded = (await app.BatchAsync("drift_quality_degradation")).Id;
        var a = (await Runs.UploadRunOfAsync(baseline))!.Value;
        var b = (await Runs.UploadRunOfAsync(degraded))!.Value;

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/drift-runs/compare?a={a}&b={b}"));

        var root = json.RootElement;
        Assert.Contains("llm_quality", root.GetProperty("flipped").EnumerateArray().Select(f => f.GetString()));
        var quality = root.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("column").GetString() == "llm_quality");
        Assert.Equal("became_drifted", quality.GetProperty("flip").GetString());
        Assert.True(root.GetProperty("share_delta").GetDouble() > 0);
        Assert.Empty(root.GetProperty("notes").EnumerateArray()); // same reference, same configuration
        Assert.Equal(a, root.GetProperty("a").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Anonymous_401()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/drift-runs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
