using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Alerts;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>The alerting API over real HTTP: rules export/import (400 naming the field), history, acknowledge, silence, 401/403.</summary>
[Trait("Store", "both")]
public sealed class AlertApiTests(BootstrapKeyAppFactory factory) : IClassFixture<BootstrapKeyAppFactory>
{
    private const string QueueRules = """
        {"version": 1, "rules": [{"name": "api-queue", "signal": "queue_depth_share", "comparison": "greater_or_equal", "threshold": 0}]}
        """;

    private static readonly SemaphoreSlim s_rules = new(1, 1); // tests replace the one rule set; one at a time

    private HttpClient KeyClient(string key = BootstrapKeyAppFactory.BootstrapKey)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<AlertResponse> FiringQueueAlertAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await KeyClient().PutAsync("/api/alert-rules", Json(QueueRules))).StatusCode);
        await factory.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync();
        var list = await KeyClient().GetFromJsonAsync<AlertListResponse>("/api/alerts");
        return list!.Alerts.First(a => a.Rule == "api-queue");
    }

    [Fact]
    public async Task GetRules_ReturnsTheImportFormat_AndPutRoundTrips()
    {
        await s_rules.WaitAsync();
        try
        {
            var exported = await KeyClient().GetStringAsync("/api/alert-rules");
            Assert.NotEmpty(AlertRulesJson.Import(exported));

            var put = await KeyClient().PutAsync("/api/alert-rules", Json(QueueRules));
            var again = AlertRulesJson.Import(await KeyClient().GetStringAsync("/api/alert-rules"));

            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal(1, (await put.Content.ReadFromJsonAsync<AlertRulesImportResponse>())!.Rules);
            Assert.Equal("api-queue", Assert.Single(again).Name);
            Assert.Equal(exported, AlertRulesJson.Export(AlertRulesJson.Import(exported)));
        }
        finally
        {
            s_rules.Release();
        }
    }

    [Theory]
    [InlineData("""{"version": 1, "rules": [{"name": "a", "signal": "queue_depth_share", "comparison": "greater_than", "threshold": 0.5, "for": -1}]}""", "rules[0].for: must be >= 0")]
    [InlineData("""{"version": 1, "rules": [{"name": "a", "signal": "no_such_signal", "comparison": "greater_than", "threshold": 1}]}""", "rules[0].signal:")]
    [InlineData("""{"version": 2, "rules": []}""", "version:")]
    [InlineData("not json", "document:")]
    [InlineData("", "document:")]
    public async Task PutRules_Invalid_Returns400NamingTheField_AndKeepsTheRules(string body, string expected)
    {
        await s_rules.WaitAsync();
        try
        {
            var before = await KeyClient().GetStringAsync("/api/alert-rules");

            var response = await KeyClient().PutAsync("/api/alert-rules", Json(body));
            var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith(expected, error!.Message, StringComparison.Ordinal);
            Assert.Equal(before, await KeyClient().GetStringAsync("/api/alert-rules"));
        }
        finally
        {
            s_rules.Release();
        }
    }

    [Fact]
    public async Task ListAlerts_ShowsFiringAlertWithEvidenceAndLink_AllIncludesIt_BadStateIs400()
    {
        await s_rules.WaitAsync();
        try
        {
            var alert = await FiringQueueAlertAsync();

            Assert.Equal("firing", alert.State);
            Assert.Equal("warning", alert.Severity);
            Assert.Null(alert.ResolvedAt);
            Assert.Null(alert.DriftRunId);
            Assert.Equal($"/alerts?id={alert.Id}", alert.Link);
            Assert.Equal("queue_depth_share", alert.Evidence.GetProperty("signal").GetString());
            Assert.Equal(JsonValueKind.Number, alert.Evidence.GetProperty("value").ValueKind);
            var all = await KeyClient().GetFromJsonAsync<AlertListResponse>("/api/alerts?state=all");
            Assert.Contains(all!.Alerts, a => a.Id == alert.Id);
            var bad = await KeyClient().GetAsync("/api/alerts?state=sometimes");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("'state'", (await bad.Content.ReadFromJsonAsync<ErrorResponse>())!.Message, StringComparison.Ordinal);
        }
        finally
        {
            s_rules.Release();
        }
    }

    [Fact]
    public async Task Acknowledge_RecordsWhoWhenAndComment_Audited_UnknownIs404()
    {
        await s_rules.WaitAsync();
        try
        {
            var alert = await FiringQueueAlertAsync();

            var response = await KeyClient().PostAsync($"/api/alerts/{alert.Id}/acknowledge", Json("""{"comment": "looking into it"}"""));
            var missing = await KeyClient().PostAsync("/api/alerts/987654321/acknowledge", Json("{}"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var acknowledged = (await response.Content.ReadFromJsonAsync<AlertResponse>())!;
            Assert.Equal("looking into it", acknowledged.AcknowledgeComment);
            Assert.StartsWith("api-key:", acknowledged.AcknowledgedBy, StringComparison.Ordinal);
            Assert.NotNull(acknowledged.AcknowledgedAt);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "alert.acknowledge" && a.Detail == "looking into it"));
        }
        finally
        {
            s_rules.Release();
        }
    }

    [Fact]
    public async Task Silence_SetsAndLifts_BadUntilIs400NamingIt_UnknownRuleIs404()
    {
        await s_rules.WaitAsync();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await KeyClient().PutAsync("/api/alert-rules", Json(QueueRules))).StatusCode);
            var until = DateTimeOffset.UtcNow.AddHours(1).ToString("O");

            var set = await KeyClient().PostAsync("/api/alert-rules/api-queue/silence", Json($$"""{"until": "{{until}}", "comment": "deploy"}"""));
            var silences = await factory.Services.GetRequiredService<AlertStore>().SilencesAsync();
            var past = await KeyClient().PostAsync("/api/alert-rules/api-queue/silence", Json("""{"until": "2020-01-01T00:00:00Z"}"""));
            var missingUntil = await KeyClient().PostAsync("/api/alert-rules/api-queue/silence", Json("""{"comment": "x"}"""));
            var badUntil = await KeyClient().PostAsync("/api/alert-rules/api-queue/silence", Json("""{"until": "tomorrow"}"""));
            var unknown = await KeyClient().PostAsync("/api/alert-rules/no-such-rule/silence", Json($$"""{"until": "{{until}}"}"""));
            var lifted = await KeyClient().DeleteAsync("/api/alert-rules/api-queue/silence");
            var liftedAgain = await KeyClient().DeleteAsync("/api/alert-rules/api-queue/silence");

            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.Equal("deploy", (await set.Content.ReadFromJsonAsync<SilenceResponse>())!.Comment);
            Assert.Contains(silences, s => s.Rule == "api-queue");
            Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
            Assert.StartsWith("until:", (await past.Content.ReadFromJsonAsync<ErrorResponse>())!.Message, StringComparison.Ordinal);
            Assert.StartsWith("until:", (await missingUntil.Content.ReadFromJsonAsync<ErrorResponse>())!.Message, StringComparison.Ordinal);
            Assert.StartsWith("until:", (await badUntil.Content.ReadFromJsonAsync<ErrorResponse>())!.Message, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, liftedAgain.StatusCode);
            await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "alert-rule.silence" && a.Target == "api-queue"));
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "alert-rule.unsilence" && a.Target == "api-queue"));
        }
        finally
        {
            s_rules.Release();
        }
    }

    [Fact]
    public async Task NoKey_Is401_ReadKeyCannotConfigure_403NamingAdmin()
    {
        var admin = await SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser);
        var readKey = (await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(admin, "alerts read", ApiScope.Read)).Value!.Key;

        var anonymous = await factory.CreateClient().GetAsync("/api/alerts");
        var read = await KeyClient(readKey).GetAsync("/api/alerts");
        var put = await KeyClient(readKey).PutAsync("/api/alert-rules", Json(QueueRules));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("This API key lacks the 'admin' scope.", (await put.Content.ReadFromJsonAsync<ErrorResponse>())!.Message);
    }

    [Fact]
    public async Task SignedInViewer_CannotConfigure_SignedInAdminNeedsTheAntiforgeryHeader()
    {
        await s_rules.WaitAsync();
        try
        {
            await SecurityTestHelpers.EnsureUserAsync(factory.Services, "alerts-viewer", Roles.Viewer);
            var viewer = factory.CreateClient(new() { AllowAutoRedirect = false });
            await SecurityTestHelpers.PostSignInAsync(viewer, "alerts-viewer", SecurityTestHelpers.ViewerPassword);
            var adminClient = factory.CreateClient(new() { AllowAutoRedirect = false });
            await SecurityTestHelpers.PostSignInAsync(adminClient, DashboardAppFactory.AdminUser, DashboardAppFactory.AdminPassword);

            var viewerRead = await viewer.GetAsync("/api/alert-rules");
            var viewerPut = await viewer.PutAsync("/api/alert-rules", Json(QueueRules));
            var adminWithout = await adminClient.PutAsync("/api/alert-rules", Json(QueueRules));
            var token = SecurityTestHelpers.FormToken(await adminClient.GetStringAsync("/Account/Login"));
            using var withToken = new HttpRequestMessage(HttpMethod.Put, "/api/alert-rules") { Content = Json(QueueRules) };
            withToken.Headers.Add(BatchEndpoints.AntiforgeryHeader, token);
            var adminWith = await adminClient.SendAsync(withToken);

            Assert.Equal(HttpStatusCode.OK, viewerRead.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, viewerPut.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, adminWithout.StatusCode);
            Assert.Equal("antiforgery", (await adminWithout.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
            Assert.Equal(HttpStatusCode.OK, adminWith.StatusCode);
            await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "alert-rules.import" && a.UserName == DashboardAppFactory.AdminUser));
        }
        finally
        {
            s_rules.Release();
        }
    }

    [Fact]
    public async Task InvalidApiKey_IsCountedForTheAuthFailuresSignal()
    {
        var counter = factory.Services.GetRequiredService<AuthFailureCounter>();
        var before = counter.Rate(60).Count;

        var response = await KeyClient("lsk_not-a-real-key-0000000000000000").GetAsync("/api/alerts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(counter.Rate(60).Count > before);
    }
}
