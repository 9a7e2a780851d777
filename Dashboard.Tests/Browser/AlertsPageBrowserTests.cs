using LeadScoring.Core.Alerts;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

/// <summary>Signed in as the admin: an alert fired by the evaluation service shows on /alerts and the Overview, and is acknowledged in the browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AlertsPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task FiringAlert_ShowsOnAlertsPageAndOverview_AndIsAcknowledged()
    {
        var store = fixture.App.Services.GetRequiredService<AlertStore>();
        var rules = await store.ExportAsync();
        await store.ImportAsync("""
            {"version": 1, "rules": [{"name": "queue-browser", "signal": "queue_depth_share", "comparison": "greater_or_equal",
             "threshold": 0, "for": 1, "severity": "warning"}]}
            """, "test");
        try
        {
            await fixture.App.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(force: true);

            var page = await fixture.OpenAsync("/alerts");
            await page.SetViewportSizeAsync(1280, 900);
            var firing = page.GetByTestId("firing-alerts");
            await Assertions.Expect(firing).ToContainTextAsync("queue-browser", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("alerts-count")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = "/tmp/alerts-page.png", FullPage = true });

            await firing.Locator(".ack-button").First.ClickAsync();
            await firing.Locator(".action-comment input").FillAsync("on it");
            await firing.Locator(".confirm-button").ClickAsync();
            await Assertions.Expect(firing.GetByTestId("acknowledged")).ToContainTextAsync("Acknowledged by admin", new() { Timeout = 15_000 });
            await Assertions.Expect(firing.GetByTestId("acknowledged")).ToContainTextAsync("on it");

            await page.GotoAsync(fixture.BaseUrl + "/");
            await Assertions.Expect(page.GetByTestId("alerts-strip")).ToContainTextAsync("Alerts: 1 firing", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("alerts-strip")).ToContainTextAsync("queue-browser");
        }
        finally
        {
            await store.ImportAsync(rules, "test");
        }
    }
}
