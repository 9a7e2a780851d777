using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>The dashboard with model v1 and the five demo batches seeded at start.</summary>
public sealed class SeededDashboardAppFactory : DashboardAppFactory
{
    public SeededDashboardAppFactory()
    {
        Settings["DemoData:SeedBatches"] = "true";
    }

    public async Task<DriftBatchSummary> BatchAsync(string scenario)
    {
        var batches = await Services.GetRequiredService<DriftService>().RecentBatchesAsync();
        return batches.Single(b => b.FileName == scenario + ".csv");
    }
}

[Trait("Store", "both")]
public sealed class DriftApiTests(SeededDashboardAppFactory app) : IClassFixture<SeededDashboardAppFactory>
{
    private static string Scenario(string name, bool processed = false) =>
        Path.Combine(TestPaths.DataDirectory, "scenarios", name + (processed ? ".processed.csv" : ".csv"));

    [Fact]
    public async Task PostDrift_Anonymous_401NotRedirect()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.PostAsync("/api/drift?batch=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetReport_Anonymous_401()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/drift/report?batch=1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostDrift_SeededDegradedBatch_FullJsonWithContext()
    {
        var client = await SignIn.ClientAsync(app);
        var batch = await app.BatchAsync("drift_quality_degradation");

        var response = await client.PostAsync($"/api/drift?batch={batch.Id}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("evidently", root.GetProperty("profile").GetString());
        Assert.Equal("red", root.GetProperty("alertLevel").GetString());
        Assert.Equal(28, root.GetProperty("columns").GetArrayLength());
        Assert.True(root.GetProperty("predictionDrift").TryGetProperty("pValue", out _));
        Assert.True(root.GetProperty("context").GetProperty("fromStore").GetBoolean());
    }

    [Fact]
    public async Task PostDrift_NannyMlAndBh_RecordedInResult()
    {
        var client = await SignIn.ClientAsync(app);
        var batch = await app.BatchAsync("no_drift_baseline");

        var response = await client.PostAsync($"/api/drift?batch={batch.Id}&profile=nannyml", null);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("nannyMl", json.RootElement.GetProperty("profile").GetString());
        Assert.False(json.RootElement.GetProperty("context").GetProperty("fromStore").GetBoolean());
    }

    [Fact]
    public async Task PostDrift_TimeWindow_AllSeededRows()
    {
        var client = await SignIn.ClientAsync(app);
        var from = DateTimeOffset.UtcNow.AddDays(-2).ToString("O");

        var response = await client.PostAsync($"/api/drift?from={Uri.EscapeDataString(from)}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(5_000, json.RootElement.GetProperty("currentRows").GetInt32());
    }

    [Fact]
    public async Task PostDrift_MultipartCurrentAndReference_ComparesTheFiles()
    {
        var client = await SignIn.ClientAsync(app);
        using var form = new MultipartFormDataContent
        {
            { CsvFile(Scenario("drift_sector_shift")), "current", "sector.csv" },
            { CsvFile(Scenario("no_drift_baseline")), "reference", "base.csv" },
        };

        var response = await client.PostAsync("/api/drift?bh=true", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.True(root.GetProperty("benjaminiHochberg").GetBoolean());
        Assert.Equal(1_000, root.GetProperty("referenceRows").GetInt32());
        Assert.Equal("uploaded reference base.csv (1,000 rows)", root.GetProperty("context").GetProperty("reference").GetString());
        var drifted = root.GetProperty("columns").EnumerateArray().Where(c => c.GetProperty("drifted").GetBoolean())
            .Select(c => c.GetProperty("column").GetString()).ToList();
        Assert.Contains("llm_industry", drifted);
    }

    [Fact]
    public async Task PostDrift_BadCsv_422WithRowAndColumnNoExceptionText()
    {
        var client = await SignIn.ClientAsync(app);
        var lines = System.IO.File.ReadLines(Scenario("no_drift_baseline", processed: true)).Take(3).ToArray();
        lines[2] = lines[2].Replace(lines[2].Split(',')[0], "oops", StringComparison.Ordinal);
        using var form = new MultipartFormDataContent { { new StringContent(string.Join('\n', lines)), "current", "bad.csv" } };

        var response = await client.PostAsync("/api/drift", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var issue = json.RootElement.GetProperty("detail").GetProperty("issues")[0];
        Assert.Equal(2, issue.GetProperty("row").GetInt32());
        Assert.Equal("llm_quality", issue.GetProperty("column").GetString());
        Assert.Equal("current", json.RootElement.GetProperty("detail").GetProperty("file").GetString());
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/drift", "Send a 'current' CSV file")]
    [InlineData("/api/drift?batch=abc", "'batch' must be")]
    [InlineData("/api/drift?from=yesterday", "'from' must be an ISO-8601 time")]
    [InlineData("/api/drift?batch=1&from=2026-01-01T00:00:00Z", "not both")]
    [InlineData("/api/drift?batch=1&profile=psi", "'profile' must be")]
    public async Task PostDrift_BadQuery_400NamingTheParameter(string url, string message)
    {
        var client = await SignIn.ClientAsync(app);

        var response = await client.PostAsync(url, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostDrift_UnknownBatch_404()
    {
        var client = await SignIn.ClientAsync(app);

        var response = await client.PostAsync("/api/drift?batch=99999", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("html", "text/html", ".html", "<!DOCTYPE html>")]
    [InlineData("json", "application/json", ".json", "\"schemaVersion\"")]
    [InlineData("markdown", "text/markdown", ".md", "# Data drift report")]
    public async Task GetReport_Batch_AttachmentInEachFormat(string format, string mediaType, string extension, string start)
    {
        var client = await SignIn.ClientAsync(app);
        var batch = await app.BatchAsync("drift_quality_degradation");

        var response = await client.GetAsync($"/api/drift/report?batch={batch.Id}&format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"drift-batch-{batch.Id}{extension}", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(start, body, StringComparison.Ordinal);
        if (format == "html")
        {
            Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=\"http", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("What moved the scores", body, StringComparison.Ordinal);
        }
        if (format == "json")
        {
            // The score-shift attribution: its terms add up exactly to the mean log-odds shift.
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var shift = json.RootElement.GetProperty("scoreShift");
            var terms = shift.GetProperty("rawColumns").EnumerateArray().Sum(t => t.GetProperty("marginShift").GetDouble());
            Assert.Equal(shift.GetProperty("marginShift").GetDouble(), terms, 9);
            Assert.Equal("llm_quality", shift.GetProperty("rawColumns")[0].GetProperty("name").GetString());
        }
    }

    [Theory]
    [InlineData("no_drift_baseline")]
    [InlineData("drift_sector_shift")]
    [InlineData("drift_seniority_shift")]
    [InlineData("drift_geography_shift")]
    [InlineData("drift_quality_degradation")]
    public async Task GetReport_EveryDemoScenario_CarriesTheScoreShiftAttribution(string scenario)
    {
        var client = await SignIn.ClientAsync(app);
        var batch = await app.BatchAsync(scenario);

        var json = await client.GetStringAsync($"/api/drift/report?batch={batch.Id}&format=json");
        var html = await client.GetStringAsync($"/api/drift/report?batch={batch.Id}&format=html");

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var shift = document.RootElement.GetProperty("scoreShift");
        var terms = shift.GetProperty("rawColumns").EnumerateArray().ToArray();
        Assert.Equal(19, terms.Length);
        Assert.Equal(shift.GetProperty("marginShift").GetDouble(), terms.Sum(t => t.GetProperty("marginShift").GetDouble()), 9);
        Assert.Equal(1000, shift.GetProperty("currentSample").GetInt32());
        Assert.Contains("What moved the scores", html, StringComparison.Ordinal);
    }

    private static StreamContent CsvFile(string path)
    {
        var content = new StreamContent(System.IO.File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }
}
