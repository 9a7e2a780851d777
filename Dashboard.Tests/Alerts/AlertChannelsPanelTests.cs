using AngleSharp.Dom;
using Bunit;
using LeadScoring.Core.Alerts.Channels;
using LeadScoring.Dashboard.Components.Alerts;
using LeadScoring.Dashboard.Model;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Alerts;

/// <summary>The channels panel on the real service and store: masked secrets, the add form's field errors, "Send test".</summary>
public sealed class AlertChannelsPanelTests : DashboardComponentContext, IClassFixture<AlertChannelAppFactory>
{
    private const string Secret = "panel-secret-7e1c0a9b4d";
    private readonly AlertChannelService _channels;

    public AlertChannelsPanelTests(AlertChannelAppFactory factory)
    {
        _channels = factory.Services.GetRequiredService<AlertChannelService>();
        Services.AddSingleton(_channels);
        Services.AddScoped<BrowserTimeZone>();
        AddAuthorization().SetAuthorized("admin1");
    }

    [Fact]
    public async Task Panel_ListsTheChannelWithItsSecretMasked_AndSendTestShowsTheResult()
    {
        using var receiver = new WebhookReceiver();
        var name = "panel-" + Guid.NewGuid().ToString("N")[..6];
        var created = await _channels.CreateAsync(new AlertChannelInput(name, "webhook", receiver.Url(), Secret), "admin1");
        Assert.NotNull(created.Channel);
        try
        {
            var panel = Render<AlertChannelsPanel>();
            panel.WaitForAssertion(() => Assert.Contains(name, panel.Markup, StringComparison.Ordinal));
            Assert.Contains("secret ••••••", panel.Markup, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, panel.Markup, StringComparison.Ordinal);

            Row(panel, name).QuerySelector("[data-testid=send-test]")!.Click();
            panel.WaitForAssertion(() => Assert.Contains($"Test sent to '{name}'", panel.Markup, StringComparison.Ordinal));
            Assert.Single(receiver.Requests);

            receiver.FailFirst = int.MaxValue;
            Row(panel, name).QuerySelector("[data-testid=send-test]")!.Click();
            panel.WaitForAssertion(() => Assert.Contains($"Test to '{name}' failed: the receiver answered HTTP 500", panel.Markup, StringComparison.Ordinal));
            Assert.Contains("the receiver answered HTTP 500 (1 in a row)", Row(panel, name).TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, panel.Markup, StringComparison.Ordinal);
        }
        finally
        {
            await _channels.DeleteAsync(created.Channel!.Id, "admin1");
        }
    }

    [Fact]
    public void AddForm_WithNothingFilledIn_NamesTheMissingFields()
    {
        var panel = Render<AlertChannelsPanel>();

        panel.Find("[data-testid=add-channel]").Click();

        panel.WaitForAssertion(() => Assert.Contains("name: required", panel.Find("[data-testid=channel-message]").TextContent, StringComparison.Ordinal));
        Assert.Contains("url: required", panel.Find("[data-testid=channel-message]").TextContent, StringComparison.Ordinal);
    }

    private static IElement Row(IRenderedComponent<AlertChannelsPanel> panel, string name) =>
        panel.FindAll("[data-testid=channel-table] tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
}
