using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Alerts;
using LeadScoring.Core.Alerts.Channels;
using LeadScoring.Core.Storage;
using LeadScoring.Engine.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Alerts;

/// <summary>
/// Delivery from the outbox to real local receivers (HttpListener): the signed webhook body, Slack's body, retries
/// with backoff under a shifted clock, giving up after Alerts:Delivery:MaxAttempts (3 here), and resuming stored rows.
/// </summary>
public sealed class AlertChannelDeliveryTests(AlertChannelAppFactory factory) : IClassFixture<AlertChannelAppFactory>
{
    private const string Secret = "whsec-0123456789abcdef-test";

    private IAlertNotifier Notifier => factory.Services.GetRequiredService<IAlertNotifier>();

    internal static AlertNotification Sample(string rule = "drift-share-red") => new(12, rule, AlertSeverity.Critical, AlertNotificationKind.Fired,
        new DateTime(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc), "window drift share 0.62 ≥ 0.5 over 1 day, 24,310 rows",
        new Dictionary<string, double> { ["drift_share"] = 0.62, ["threshold"] = 0.5, ["sample"] = 24310 }, 5, "/alerts?id=12");

    [Fact]
    public async Task Webhook_GetsTheDocumentedBody_WithASignatureTheReceiverCanVerify()
    {
        using var receiver = new WebhookReceiver();
        var id = await CreateAsync(new { name = Unique("hook"), kind = "webhook", url = receiver.Url(), secret = Secret });
        try
        {
            await Notifier.EnqueueAsync(Sample());
            await DeliverUntilAsync(() => receiver.Requests.Count >= 1);

            var request = Assert.Single(receiver.Requests);
            var timestamp = request.Headers["X-LeadScoring-Timestamp"];
            Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
                factory.Time.GetUtcNow().ToUnixTimeSeconds() - 60, factory.Time.GetUtcNow().ToUnixTimeSeconds() + 1);
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
            var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "." + request.Body))).ToLowerInvariant();
            Assert.Equal(expected, request.Headers["X-LeadScoring-Signature"]);

            var body = JsonDocument.Parse(request.Body).RootElement;
            Assert.Equal("drift-share-red", body.GetProperty("rule").GetString());
            Assert.Equal("critical", body.GetProperty("severity").GetString());
            Assert.Equal("fired", body.GetProperty("kind").GetString());
            Assert.Equal("2026-12-04T09:00:00.000Z", body.GetProperty("at").GetString());
            Assert.Equal(Sample().Summary, body.GetProperty("summary").GetString());
            Assert.Equal(0.62, body.GetProperty("evidence").GetProperty("drift_share").GetDouble());
            Assert.Equal(5, body.GetProperty("drift_run_id").GetInt64());
            Assert.Equal("https://dash.example.com/alerts?id=12", body.GetProperty("link").GetString());
            Assert.Equal(12, body.GetProperty("alert_id").GetInt64());
            Assert.True(body.GetProperty("delivery_id").GetInt64() > 0);
        }
        finally
        {
            await DeleteAsync(id);
        }
    }

    [Fact]
    public async Task Slack_GetsTextAndBlocks_AndItsUrlIsNeverShownOrLogged()
    {
        using var receiver = new WebhookReceiver();
        var url = receiver.Url("/services/T0001/B0002/SlackPathSecret42");
        var id = await CreateAsync(new { name = Unique("slack"), kind = "slack", url });
        try
        {
            await Notifier.EnqueueAsync(Sample());
            await DeliverUntilAsync(() => receiver.Requests.Count >= 1);

            var request = Assert.Single(receiver.Requests);
            Assert.Equal("/services/T0001/B0002/SlackPathSecret42", request.Path);
            Assert.False(request.Headers.ContainsKey("X-LeadScoring-Signature"));
            var body = JsonDocument.Parse(request.Body).RootElement;
            Assert.StartsWith("[CRITICAL] drift-share-red fired: window drift share 0.62", body.GetProperty("text").GetString(), StringComparison.Ordinal);
            var blocks = body.GetProperty("blocks").EnumerateArray().ToList();
            Assert.Equal("header", blocks[0].GetProperty("type").GetString());
            Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
            Assert.Equal("section", blocks[1].GetProperty("type").GetString());
            Assert.Contains(blocks, b => b.TryGetProperty("fields", out var f) && f.GetArrayLength() == 3);
            Assert.Contains("https://dash.example.com/alerts?id=12", blocks[^1].GetRawText(), StringComparison.Ordinal);

            var listed = await factory.AdminKeyClient().GetStringAsync("/api/alert-channels");
            Assert.DoesNotContain("SlackPathSecret42", listed, StringComparison.Ordinal);
            Assert.Contains($"http://127.0.0.1:{receiver.Port}/…", listed, StringComparison.Ordinal);
            Assert.DoesNotContain(factory.Log, line => line.Contains("SlackPathSecret42", StringComparison.Ordinal));
        }
        finally
        {
            await DeleteAsync(id);
        }
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedWithBackoff_ThenSucceeds()
    {
        using var receiver = new WebhookReceiver(failFirst: 2);
        var id = await CreateAsync(new { name = Unique("flaky"), kind = "webhook", url = receiver.Url(), secret = Secret });
        try
        {
            await Notifier.EnqueueAsync(Sample());
            await DeliverUntilAsync(() => AttemptStoredAsync(id, receiver, 1));
            Assert.Equal(1, (await ChannelAsync(id)).GetProperty("consecutive_failures").GetInt32());

            // First retry after 30 s (+ up to 25 % jitter): not at 25 s, but by 40 s.
            factory.Time.Advance(TimeSpan.FromSeconds(25));
            await Delivery.DeliverDueAsync();
            Assert.Single(receiver.Requests);
            factory.Time.Advance(TimeSpan.FromSeconds(15));
            await DeliverUntilAsync(() => AttemptStoredAsync(id, receiver, 2));

            // Second retry after 60 s (+ jitter): not at 50 s, but by 80 s; the receiver now answers 200.
            factory.Time.Advance(TimeSpan.FromSeconds(50));
            await Delivery.DeliverDueAsync();
            Assert.Equal(2, receiver.Requests.Count);
            factory.Time.Advance(TimeSpan.FromSeconds(30));
            await DeliverUntilAsync(() => receiver.Requests.Count >= 3);

            var channel = await ChannelAsync(id);
            Assert.Equal(0, channel.GetProperty("consecutive_failures").GetInt32());
            Assert.NotEqual(JsonValueKind.Null, channel.GetProperty("last_success_at").ValueKind);
            Assert.Equal("the receiver answered HTTP 500", channel.GetProperty("last_error").GetString());
            Assert.Equal(AlertOutboxStatus.Delivered, (await OutboxRowsAsync(id)).Single().Status);
        }
        finally
        {
            await DeleteAsync(id);
        }
    }

    [Fact]
    public async Task AlwaysFailingReceiver_IsGivenUpAfterMaxAttempts_AndTheChannelShowsTheLastError()
    {
        using var receiver = new WebhookReceiver(failFirst: int.MaxValue);
        var id = await CreateAsync(new { name = Unique("down"), kind = "webhook", url = receiver.Url(), secret = Secret });
        try
        {
            await Notifier.EnqueueAsync(Sample());
            await DeliverUntilAsync(() => AttemptStoredAsync(id, receiver, 1));
            factory.Time.Advance(TimeSpan.FromSeconds(40));
            await DeliverUntilAsync(() => AttemptStoredAsync(id, receiver, 2));
            factory.Time.Advance(TimeSpan.FromSeconds(80));
            await DeliverUntilAsync(() => receiver.Requests.Count >= 3);

            await DeliverUntilAsync(async () => (await OutboxRowsAsync(id)).Single().Status == AlertOutboxStatus.Failed);
            factory.Time.Advance(TimeSpan.FromHours(2));
            await Delivery.DeliverDueAsync();
            Assert.Equal(3, receiver.Requests.Count); // Alerts:Delivery:MaxAttempts = 3, then no more

            var row = (await OutboxRowsAsync(id)).Single();
            Assert.Equal(3, row.Attempts);
            var channel = await ChannelAsync(id);
            Assert.Equal(3, channel.GetProperty("consecutive_failures").GetInt32());
            Assert.Equal("the receiver answered HTTP 500", channel.GetProperty("last_error").GetString());
            Assert.Equal(JsonValueKind.Null, channel.GetProperty("last_success_at").ValueKind);
        }
        finally
        {
            await DeleteAsync(id);
        }
    }

    [Fact]
    public async Task PendingRowLeftInTheStore_IsDeliveredByTheWorker_AsAfterARestart()
    {
        using var receiver = new WebhookReceiver();
        var id = await CreateAsync(new { name = Unique("resume"), kind = "webhook", url = receiver.Url(), secret = Secret });
        try
        {
            // Written straight to the store (as a previous process left it), with no signal to the worker.
            await using (var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext())
            {
                var now = factory.Time.GetUtcNow().UtcDateTime;
                db.Set<AlertOutboxRecord>().Add(new AlertOutboxRecord
                {
                    ChannelId = id, NotificationJson = AlertNotificationJson.Serialize(Sample("left-over")), Status = AlertOutboxStatus.Pending,
                    Attempts = 1, CreatedAtUtc = now, NextAttemptUtc = now,
                });
                await db.SaveChangesAsync();
            }

            var deadline = DateTime.UtcNow.AddSeconds(20); // the worker polls every Alerts:Delivery:PollSeconds (5)
            while (receiver.Requests.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Contains("left-over", Assert.Single(receiver.Requests).Body, StringComparison.Ordinal);
        }
        finally
        {
            await DeleteAsync(id);
        }
    }

    [Fact]
    public void RetryDelay_DoublesFromTheFirstRetry_IsCapped_AndJittersUpToAQuarter()
    {
        var settings = new AlertDeliveryOptions { FirstRetrySeconds = 30, MaxRetrySeconds = 100 };
        Assert.Equal(30, AlertOutboxDelivery.RetryDelay(1, settings, 0).TotalSeconds);
        Assert.Equal(60, AlertOutboxDelivery.RetryDelay(2, settings, 0).TotalSeconds);
        Assert.Equal(100, AlertOutboxDelivery.RetryDelay(5, settings, 0).TotalSeconds);
        Assert.Equal(37.5, AlertOutboxDelivery.RetryDelay(1, settings, 1).TotalSeconds, 6);
    }

    private AlertOutboxDelivery Delivery => factory.Services.GetRequiredService<AlertOutboxDelivery>();

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<long> CreateAsync(object channel)
    {
        using var response = await factory.AdminKeyClient().PostAsJsonAsync("/api/alert-channels", channel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task DeleteAsync(long id) => (await factory.AdminKeyClient().DeleteAsync($"/api/alert-channels/{id}")).Dispose();

    private async Task<JsonElement> ChannelAsync(long id) =>
        (await factory.AdminKeyClient().GetFromJsonAsync<JsonElement[]>("/api/alert-channels"))!.Single(c => c.GetProperty("id").GetInt64() == id);

    private async Task<List<AlertOutboxRecord>> OutboxRowsAsync(long channelId)
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.Set<AlertOutboxRecord>().AsNoTracking().Where(o => o.ChannelId == channelId).ToListAsync();
    }

    // The receiver sees a request before the outbox row stores the attempt and its retry time; moving the clock in
    // between would put the retry after the move (CI failed so), so wait for the stored attempt.
    private async Task<bool> AttemptStoredAsync(long channelId, WebhookReceiver receiver, int attempts) =>
        receiver.Requests.Count >= attempts && (await OutboxRowsAsync(channelId)).Single().Attempts >= attempts;

    private Task DeliverUntilAsync(Func<bool> done) => DeliverUntilAsync(() => Task.FromResult(done()));

    /// <summary>Delivery passes (the test's own and the worker's, one at a time) until <paramref name="done"/>, for at most 15 s.</summary>
    private async Task DeliverUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Delivery did not happen in 15 s.");
            await Delivery.DeliverDueAsync();
            await Task.Delay(20);
        }
    }
}
