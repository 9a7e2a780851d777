using LeadScoring.Core.Alerts;
using LeadScoring.Core.Alerts.Channels;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadScoring.Dashboard.Tests.Alerts;

/// <summary>The channels replace the dropping notifier in either registration order; bad settings name their key.</summary>
public sealed class AlertChannelWiringTests
{
    private static readonly IConfiguration s_empty = new ConfigurationBuilder().Build();

    [Fact]
    public void OutboxNotifier_ReplacesNoAlertNotifier_WhicheverIsRegisteredFirst()
    {
        var before = new ServiceCollection();
        before.TryAddSingleton<IAlertNotifier, NoAlertNotifier>();
        before.AddAlertChannels(s_empty);
        var after = new ServiceCollection().AddAlertChannels(s_empty);
        after.TryAddSingleton<IAlertNotifier, NoAlertNotifier>();

        foreach (var services in new[] { before, after })
        {
            Assert.Equal(typeof(OutboxAlertNotifier), Assert.Single(services, d => d.ServiceType == typeof(IAlertNotifier)).ImplementationType);
        }
    }

    [Theory]
    [InlineData("Alerts:Delivery:MaxAttempts", "0")]
    [InlineData("Alerts:Delivery:TimeoutSeconds", "0")]
    [InlineData("Alerts:PublicBaseUrl", "dash.example.com")]
    public void ABrokenSetting_StopsTheStart_NamingItsKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddAlertChannels(configuration));

        Assert.StartsWith(key, refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>The outbox on PostgreSQL (LEADSCORING_TEST_POSTGRES): queued, delivered to a real receiver, marked delivered.</summary>
public sealed class PostgresAlertOutboxTests(PostgresDashboardAppFactory factory) : IClassFixture<PostgresDashboardAppFactory>
{
    [LeadScoring.Core.Tests.Storage.PostgresFact]
    public async Task Notification_IsQueuedDeliveredAndMarked_OnPostgres()
    {
        using var receiver = new WebhookReceiver();
        var channels = factory.Services.GetRequiredService<AlertChannelService>();
        var created = await channels.CreateAsync(new AlertChannelInput("pg-hook", "webhook", receiver.Url(), "pg-secret-0123456789abcdef"), "admin");
        Assert.Empty(created.Errors);

        await factory.Services.GetRequiredService<IAlertNotifier>().EnqueueAsync(AlertChannelDeliveryTests.Sample());
        var delivery = factory.Services.GetRequiredService<AlertOutboxDelivery>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (receiver.Requests.IsEmpty && DateTime.UtcNow < deadline)
        {
            await delivery.DeliverDueAsync();
            await Task.Delay(50);
        }

        Assert.Single(receiver.Requests);
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var row = await db.Set<AlertOutboxRecord>().SingleAsync(o => o.ChannelId == created.Channel!.Id);
        Assert.Equal(AlertOutboxStatus.Delivered, row.Status);
        Assert.NotNull((await channels.ListAsync()).Single(c => c.Id == created.Channel!.Id).LastSuccessUtc);
    }
}
