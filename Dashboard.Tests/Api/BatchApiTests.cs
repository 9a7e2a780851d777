using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LeadScoring.Dashboard.Api;

namespace LeadScoring.Dashboard.Tests.Api;

[Trait("Store", "both")]
public sealed class BatchApiTests(BootstrapKeyAppFactory factory) : IClassFixture<BootstrapKeyAppFactory>
{
    private static string Scenario(string name) => Path.Combine(TestPaths.DataDirectory, "scenarios", name + ".csv");

    private HttpClient KeyClient(string key = BootstrapKeyAppFactory.BootstrapKey)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    internal static MultipartFormDataContent CsvForm(byte[] content, string fileName = "leads.csv")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    private async Task<int> StoredPredictionsAsync(long batchId)
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.Predictions.CountAsync(p => p.BatchId == batchId);
    }

    [Fact]
    public async Task Upload_WithBootstrapKey_Returns201WithCountsValidationAndDrift()
    {
        var response = await KeyClient().PostAsync("/api/batches", CsvForm(await File.ReadAllBytesAsync(Scenario("no_drift_baseline")), "no_drift_baseline.csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        var id = root.GetProperty("batch_id").GetInt64();
        Assert.Equal($"/api/batches/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal("raw", root.GetProperty("schema").GetString());
        Assert.Equal("api-key:" + ApiKeyBootstrapper.BootstrapKeyName, root.GetProperty("uploaded_by").GetString());
        Assert.Equal(1000, root.GetProperty("rows").GetProperty("total").GetInt32()); // the scenario files hold 1,000 leads
        Assert.Equal(1000, root.GetProperty("rows").GetProperty("stored").GetInt32());
        Assert.Equal(1000, await StoredPredictionsAsync(id));
        Assert.Equal(0, root.GetProperty("validation").GetProperty("error_count").GetInt32());
        // A fresh draw from the reference distributions against v1's training rows: every one of the 28 lead columns
        // (47 features, one-hot groups reassembled) is tested and none drifts (Engine/Drift/README.md, grouped baseline).
        var drift = root.GetProperty("drift");
        Assert.Equal(28, drift.GetProperty("tested_columns").GetInt32());
        Assert.Equal(0, drift.GetProperty("drifted_columns").GetInt32());
        Assert.Equal("green", drift.GetProperty("alert_level").GetString());
    }

    [Fact]
    public async Task Upload_RecordsOneDriftRun_InTheAnswer_ByTheKey()
    {
        var response = await KeyClient().PostAsync("/api/batches", CsvForm(await File.ReadAllBytesAsync(Scenario("drift_sector_shift")), "sector.csv"));

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var batchId = body.RootElement.GetProperty("batch_id").GetInt64();
        var runId = body.RootElement.GetProperty("drift_run_id").GetInt64();
        await using (var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext())
        {
            Assert.Equal(runId, (await db.DriftRuns.Where(r => r.BatchId == batchId).SingleAsync()).Id);
        }
        using var run = JsonDocument.Parse(await KeyClient().GetStringAsync($"/api/drift-runs/{runId}"));
        var record = run.RootElement.GetProperty("run");
        Assert.Equal(("upload", "upload"), (record.GetProperty("kind").GetString(), record.GetProperty("trigger").GetString()));
        Assert.Equal("api-key:" + ApiKeyBootstrapper.BootstrapKeyName, record.GetProperty("requestedBy").GetString());
        Assert.Equal(batchId, record.GetProperty("batchId").GetInt64());
        Assert.Equal(body.RootElement.GetProperty("drift").GetProperty("drift_share").GetDouble(), run.RootElement.GetProperty("driftShare").GetDouble());
    }

    [Fact]
    public async Task Upload_ProcessedSchema_IsDetected()
    {
        var response = await KeyClient().PostAsync("/api/batches", CsvForm(await File.ReadAllBytesAsync(Path.Combine(TestPaths.DataDirectory, "scenarios", "drift_sector_shift.processed.csv"))));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("processed", body.RootElement.GetProperty("schema").GetString());
    }

    [Fact]
    public async Task GetBatchAndReport_AfterUpload_ReturnTheStoredResult()
    {
        var created = await KeyClient().PostAsync("/api/batches", CsvForm(await File.ReadAllBytesAsync(Scenario("drift_geography_shift"))));
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = createdBody.RootElement.GetProperty("batch_id").GetInt64();

        var get = await KeyClient().GetAsync($"/api/batches/{id}");
        var report = await KeyClient().GetAsync($"/api/batches/{id}/report");
        var missing = await KeyClient().GetAsync("/api/batches/999999");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var getBody = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal(createdBody.RootElement.GetProperty("rows").GetRawText(), getBody.RootElement.GetProperty("rows").GetRawText());
        Assert.Equal(createdBody.RootElement.GetProperty("drift").GetRawText(), getBody.RootElement.GetProperty("drift").GetRawText());
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using var reportBody = JsonDocument.Parse(await report.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, reportBody.RootElement.GetProperty("drift_report").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ExplanationsCsv_AfterUpload_TopThreeFactorsForEveryPrediction()
    {
        var created = await KeyClient().PostAsync("/api/batches", CsvForm(await File.ReadAllBytesAsync(Scenario("drift_seniority_shift"))));
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = createdBody.RootElement.GetProperty("batch_id").GetInt64();

        var response = await KeyClient().GetAsync($"/api/batches/{id}/explanations.csv");
        var missing = await KeyClient().GetAsync("/api/batches/999999/explanations.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("prediction_id,lead_id,score,factor_1,push_1_pp,factor_2,push_2_pp,factor_3,push_3_pp,note", lines[0].TrimEnd('\r'));
        Assert.Equal(1 + 1000, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.TrimEnd('\r').Split(',');
            var pushes = new[] { cells[4], cells[6], cells[8] }.Select(v => Math.Abs(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            Assert.True(pushes[0] >= pushes[1] && pushes[1] >= pushes[2], line); // largest push first
            Assert.Equal("", cells[9]);
        }
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Upload_InvalidRows_Returns422NamingRowAndColumnAndStoresNothing()
    {
        var csv = "llm_quality,llm_engagement,jobtitle\n80,0.5,CTO\n150,0.5,CEO\n70,abc,VP\n";

        var response = await KeyClient().PostAsync("/api/batches?allowMissingColumns=true", CsvForm(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("rejected", root.GetProperty("status").GetString());
        var errors = root.GetProperty("validation").GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(2, "llm_quality"), (3, "llm_engagement")], errors);
        Assert.Equal(0, root.GetProperty("rows").GetProperty("stored").GetInt32());
        Assert.Equal(0, await StoredPredictionsAsync(root.GetProperty("batch_id").GetInt64()));
    }

    [Fact]
    public async Task HtmlReport_UploadedMarkup_IsEncodedAsText()
    {
        var csv = "llm_quality,jobtitle,industry\n80,CTO,\"<script>alert(1)</script>\"\n120,<img src=x onerror=alert(2)>,x\n";
        var created = await KeyClient().PostAsync("/api/batches?allowMissingColumns=true", CsvForm(Encoding.UTF8.GetBytes(csv), "<svg onload=alert(3)>.csv"));
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("batch_id").GetInt64();

        var html = await KeyClient().GetAsync($"/api/batches/{id}/report?format=html");
        var text = await html.Content.ReadAsStringAsync();

        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("<svg", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", text, StringComparison.Ordinal);
        Assert.Contains("&lt;svg onload=alert(3)&gt;.csv", text, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NoKeyOrWrongKey_Returns401JsonNotARedirect()
    {
        var form = CsvForm(Encoding.UTF8.GetBytes("llm_quality\n80\n"));
        var none = await factory.CreateClient(new() { AllowAutoRedirect = false }).PostAsync("/api/batches", form);
        var wrong = await KeyClient("lsk_this-key-was-never-issued-000000").PostAsync("/api/batches", form);
        var getNone = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/batches/1");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, getNone.StatusCode);
        Assert.Equal("application/json", wrong.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upload_TextPlainOrJsonBody_Returns415()
    {
        var plain = await KeyClient().PostAsync("/api/batches", new StringContent("llm_quality\n80\n", Encoding.UTF8, "text/plain"));
        var json = await KeyClient().PostAsync("/api/batches", new StringContent("{}", Encoding.UTF8, "application/json"));
        var urlEncoded = await KeyClient().PostAsync("/api/batches", new FormUrlEncodedContent([new("file", "llm_quality\n80")]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, urlEncoded.StatusCode);
    }

    [Fact]
    public async Task Upload_ZeroOrTwoFiles_Returns422()
    {
        var two = CsvForm(Encoding.UTF8.GetBytes("llm_quality\n80\n"));
        two.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("llm_quality\n70\n")), "file2", "b.csv");
        var zero = new MultipartFormDataContent { { new StringContent("x"), "note" } };

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await KeyClient().PostAsync("/api/batches", two)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await KeyClient().PostAsync("/api/batches", zero)).StatusCode);
    }

    [Fact]
    public async Task ApiKeys_CreatedByAdmin_WorkUntilRevoked_StoredHashedAndAudited()
    {
        var admin = await SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser);
        CreatedApiKey created;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            created = (await keys.CreateAsync(admin, "nightly job")).Value!;
        }
        var before = await KeyClient(created.Key).GetAsync("/api/batches/999999");
        await using (var poll = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext())
        {
            // LastUsedAtUtc is written in the background (never holding the request).
            for (var i = 0; i < 50 && await poll.ApiKeys.AsNoTracking().AnyAsync(k => k.Id == created.Info.Id && k.LastUsedAtUtc == null); i++)
            {
                await Task.Delay(100);
            }
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            Assert.True((await keys.RevokeAsync(admin, created.Info.Id)).Value);
            var listed = (await keys.ListAsync(admin))!.Single(k => k.Id == created.Info.Id);
            Assert.True(listed.IsRevoked);
            Assert.NotNull(listed.LastUsedAtUtc);
            Assert.DoesNotContain(created.Key, listed.ToString(), StringComparison.Ordinal);
        }
        var after = await KeyClient(created.Key).GetAsync("/api/batches/999999");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode); // authenticated, no such batch
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(k => k.Id == created.Info.Id);
        Assert.Equal(64, stored.Hash.Length);
        Assert.DoesNotContain(created.Key, stored.Hash + stored.Prefix + stored.Name, StringComparison.Ordinal);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "create api key" && a.Succeeded));
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "revoke api key" && a.Succeeded));
    }

    [Fact]
    public async Task Upload_SignedInWithoutAntiforgeryToken_Returns400_WithToken201()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await SecurityTestHelpers.PostSignInAsync(client, DashboardAppFactory.AdminUser, DashboardAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var csv = "llm_quality,jobtitle\n80,CTO\n";

        var without = await client.PostAsync("/api/batches", CsvForm(Encoding.UTF8.GetBytes(csv)));
        var token = SecurityTestHelpers.FormToken(await client.GetStringAsync("/Account/Login"));
        using var withToken = new HttpRequestMessage(HttpMethod.Post, "/api/batches?allowMissingColumns=true") { Content = CsvForm(Encoding.UTF8.GetBytes(csv)) };
        withToken.Headers.Add(BatchEndpoints.AntiforgeryHeader, token);
        var with = await client.SendAsync(withToken);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    [Fact]
    public async Task Upload_BySignedInViewer_IsAllowed()
    {
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, "ops-viewer", LeadScoring.Dashboard.Security.Roles.Viewer);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityTestHelpers.PostSignInAsync(client, "ops-viewer", SecurityTestHelpers.ViewerPassword)).StatusCode);
        var token = SecurityTestHelpers.FormToken(await client.GetStringAsync("/Account/Login"));
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/batches?allowMissingColumns=true") { Content = CsvForm(Encoding.UTF8.GetBytes("llm_quality,jobtitle\n80,CTO\n")) };
        upload.Headers.Add(BatchEndpoints.AntiforgeryHeader, token);

        var response = await client.SendAsync(upload);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
