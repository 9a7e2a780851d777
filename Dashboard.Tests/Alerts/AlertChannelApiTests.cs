using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Alerts;

/// <summary>/api/alert-channels: field-naming 400s, write-only secrets, the synchronous test send, admin only.</summary>
[Trait("Store", "both")]
public sealed class AlertChannelApiTests(AlertChannelAppFactory factory) : IClassFixture<AlertChannelAppFactory>
{
    private const string WebhookSecret = "hook-secret-5d8e2a7c91f04b36";
    private const string SmtpPassword = "smtp-password-c4f1e9a2";

    public static TheoryData<string, string> BadChannels() => new()
    {
        { """{"kind":"webhook","url":"https://example.com/h","secret":"0123456789abcdef"}""", "name" },
        { """{"name":"x","kind":"pager","url":"https://example.com/h"}""", "kind" },
        { """{"name":"x","kind":"webhook","url":"ftp://example.com/h","secret":"0123456789abcdef"}""", "url" },
        { """{"name":"x","kind":"webhook","url":"/relative","secret":"0123456789abcdef"}""", "url" },
        { """{"name":"x","kind":"webhook","url":"https://example.com/h","secret":"short"}""", "secret" },
        { """{"name":"x","kind":"slack","url":"https://hooks.slack.com/services/a","secret":"not-for-slack"}""", "secret" },
        { """{"name":"x","kind":"email","url":"smtp://bob:pw@mail.example.com:587","secret":"pw","to":["a@example.com"]}""", "url" },
        { """{"name":"x","kind":"email","url":"smtps://mail.example.com:465"}""", "to" },
        { """{"name":"x","kind":"email","url":"smtps://mail.example.com:465","to":["nobody"]}""", "to[0]" },
    };

    [Theory]
    [MemberData(nameof(BadChannels))]
    public async Task Create_RefusesBadInput_With400NamingTheField(string json, string field)
    {
        using var response = await factory.AdminKeyClient().PostAsync("/api/alert-channels", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bad_request", body.GetProperty("error").GetString());
        Assert.Contains(body.GetProperty("detail").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Create_RefusesADuplicateName_AndInvalidJson()
    {
        var client = factory.AdminKeyClient();
        var channel = new { name = "dup-" + Guid.NewGuid().ToString("N")[..6], kind = "webhook", url = "https://example.com/h", secret = WebhookSecret };
        using var first = await client.PostAsJsonAsync("/api/alert-channels", channel);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await client.PostAsJsonAsync("/api/alert-channels", channel);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("name: ", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);

        using var broken = await client.PostAsync("/api/alert-channels", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid JSON", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_AreNeverInAnswers_NorTheLog_HasSecretInstead()
    {
        var client = factory.AdminKeyClient();
        using var hook = await client.PostAsJsonAsync("/api/alert-channels",
            new { name = "hook-" + Guid.NewGuid().ToString("N")[..6], kind = "webhook", url = "https://example.com/h", secret = WebhookSecret });
        using var mail = await client.PostAsJsonAsync("/api/alert-channels", new
        {
            name = "mail-" + Guid.NewGuid().ToString("N")[..6], kind = "email", url = "smtp://alerts@127.0.0.1:1", secret = SmtpPassword, to = new[] { "ops@example.com" },
        });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        Assert.Equal(HttpStatusCode.Created, mail.StatusCode);
        var created = await hook.Content.ReadAsStringAsync() + await mail.Content.ReadAsStringAsync();
        var mailId = (await mail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        // A failing test send (nothing listens on port 1) must not echo the password either.
        using var test = await client.PostAsync($"/api/alert-channels/{mailId}/test", null);
        var tested = await test.Content.ReadAsStringAsync();
        var listed = await client.GetStringAsync("/api/alert-channels");

        foreach (var text in new[] { created, tested, listed, string.Join("\n", factory.Log) })
        {
            Assert.DoesNotContain(WebhookSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SmtpPassword, text, StringComparison.Ordinal);
        }
        Assert.Contains("\"has_secret\":true", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_SendsNow_AndAnswersTheResult_AndTheChannelShowsIt()
    {
        using var receiver = new WebhookReceiver();
        var client = factory.AdminKeyClient();
        var name = "test-" + Guid.NewGuid().ToString("N")[..6];
        using var created = await client.PostAsJsonAsync("/api/alert-channels", new { name, kind = "webhook", url = receiver.Url(), secret = WebhookSecret });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        using var ok = await client.PostAsync($"/api/alert-channels/{id}/test", null);
        var okBody = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(okBody.GetProperty("delivered").GetBoolean());
        Assert.Equal(200, okBody.GetProperty("status_code").GetInt32());
        Assert.Equal("test", JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("kind").GetString());

        receiver.FailFirst = int.MaxValue;
        using var failed = await client.PostAsync($"/api/alert-channels/{id}/test", null);
        var failedBody = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(failedBody.GetProperty("delivered").GetBoolean());
        Assert.Equal("the receiver answered HTTP 500", failedBody.GetProperty("error").GetString());

        using var gone = await client.DeleteAsync($"/api/alert-channels/{id}");
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        using var missing = await client.PostAsync($"/api/alert-channels/{id}/test", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var audited = await db.AuditLog.Where(a => a.Target == name).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["create alert channel", "delete alert channel"], audited.Select(a => a.Action));
        Assert.All(audited, a => Assert.False(string.IsNullOrEmpty(a.UserName)));
        Assert.DoesNotContain(audited, a => (a.Detail ?? "").Contains(WebhookSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignedInViewer_IsRefused_AndTheChannelsPageIsAdminOnly()
    {
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, "channel-viewer", Roles.Viewer);
        var viewer = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await SecurityTestHelpers.PostSignInAsync(viewer, "channel-viewer", SecurityTestHelpers.ViewerPassword);

        using var list = await viewer.GetAsync("/api/alert-channels");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var page = await viewer.GetAsync("/alerts/channels");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        using var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/alert-channels");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
