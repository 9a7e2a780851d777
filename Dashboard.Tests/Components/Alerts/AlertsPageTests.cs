using Bunit;
using LeadScoring.Core.Alerts;
using LeadScoring.Core.Alerts.Channels;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Components.Alerts;
using LeadScoring.Dashboard.Model;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using AlertsPage = LeadScoring.Dashboard.Components.Pages.Alerts;

namespace LeadScoring.Dashboard.Tests.Components.Alerts;

/// <summary>
/// The Alerts page on the real app's services and store: an alert fired through the evaluation service (a queue rule
/// that is always true), acknowledged and silenced by the seeded admin; a viewer sees no buttons; import errors name the field.
/// </summary>
[Trait("Store", "both")]
public sealed class AlertsPageTests : DashboardComponentContext, IClassFixture<DashboardAppFactory>
{
    private readonly DashboardAppFactory _app;
    private readonly AlertStore _store;

    public AlertsPageTests(DashboardAppFactory app)
    {
        _app = app;
        _store = app.Services.GetRequiredService<AlertStore>();
        foreach (var type in (Type[])[typeof(AlertStore), typeof(AlertEvaluationService), typeof(RetrainAdvisor), typeof(AlertAdminCommands),
                     typeof(StoreChangeNotifier), typeof(TimeProvider), typeof(AlertChannelService), typeof(IOptions<AlertOptions>)])
        {
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
        }
        Services.AddScoped<BrowserTimeZone>();
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
    }

    // After the sign-in: rendering freezes the service provider.
    private IRenderedComponent<AlertsPage> OpenPage()
    {
        Render<MudPopoverProvider>();
        return Render<AlertsPage>();
    }

    private static string Rules(params string[] rules) => $$"""{"version": 1, "rules": [{{string.Join(",", rules)}}]}""";

    private static string QueueRule(string name, int @for = 1) => $$"""
        {"name": "{{name}}", "signal": "queue_depth_share", "comparison": "greater_or_equal", "threshold": 0, "for": {{@for}}, "severity": "critical"}
        """;

    private async Task<AlertView> FireAsync(string rule)
    {
        await _store.ImportAsync(Rules(QueueRule(rule)), "test");
        await _app.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(force: true);
        return (await _store.AlertsAsync(firingOnly: true)).First(a => a.Rule == rule);
    }

    private async Task SignInAsAdminAsync()
    {
        var admin = await SecurityTestHelpers.PrincipalAsync(_app.Services, DashboardAppFactory.AdminUser);
        var auth = AddAuthorization();
        auth.SetAuthorized(DashboardAppFactory.AdminUser);
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Policies.Admin);
        auth.SetClaims([.. admin.Claims]);
    }

    [Fact]
    public async Task Firing_AsAdmin_AcknowledgeNeedsAComment_ThenRecordsIt_AndSilenceShowsUntil()
    {
        var alert = await FireAsync("queue-ack");
        await SignInAsAdminAsync();

        var page = OpenPage();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-alert='{alert.Id}']")));
        var card = () => page.Find($"[data-alert='{alert.Id}']");
        Assert.Contains("queue_depth_share 0 ≥ 0", card().TextContent, StringComparison.Ordinal);
        Assert.Contains("threshold 0", card().TextContent, StringComparison.Ordinal);

        // Each step waits for what it acts on: the page answers from the store asynchronously (slower on PostgreSQL).
        await page.InvokeAsync(() => card().QuerySelector(".ack-button")!.Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".confirm-button")));
        await page.InvokeAsync(() => page.Find(".confirm-button").Click());
        page.WaitForAssertion(() => Assert.Contains("comment: required", page.Find(".action-error").TextContent, StringComparison.Ordinal));
        await page.InvokeAsync(() => page.Find(".action-comment input").Change("looking at the queue"));
        await page.InvokeAsync(() => page.Find(".confirm-button").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".action-error")));
        page.WaitForAssertion(() => Assert.Contains("Acknowledged by admin", card().TextContent, StringComparison.Ordinal));
        Assert.Contains("looking at the queue", card().TextContent, StringComparison.Ordinal);
        Assert.Equal("admin", (await _store.AlertAsync(alert.Id))!.AcknowledgedBy);

        await page.InvokeAsync(() => card().QuerySelector(".silence-button")!.Click());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".confirm-button")));
        await page.InvokeAsync(() => page.Find(".confirm-button").Click());
        page.WaitForAssertion(() => Assert.NotNull(card().QuerySelector("[data-testid=silenced]")));
        Assert.Contains(await _store.SilencesAsync(), s => s.Rule == "queue-ack");
        await page.InvokeAsync(() => card().QuerySelector(".unsilence-button")!.Click());
        page.WaitForAssertion(() => Assert.Null(card().QuerySelector("[data-testid=silenced]")));
    }

    [Fact]
    public async Task Firing_AsViewer_ShowsTheAlert_WithoutAnyAdminButton()
    {
        var alert = await FireAsync("queue-viewer");
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer1");
        auth.SetRoles(Roles.Viewer);

        var page = OpenPage();

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-alert='{alert.Id}']")));
        Assert.Empty(page.FindAll(".ack-button, .silence-button, .import-toggle, .reset-button, .evaluate-button, .export-button"));
        Assert.Empty(page.FindAll("[data-testid=alert-channels]"));
    }

    [Fact]
    public async Task Import_WithABadField_ShowsTheFieldName_AndKeepsTheRules()
    {
        await _store.ImportAsync(Rules(QueueRule("queue-import")), "test");
        await SignInAsAdminAsync();
        var page = OpenPage();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".import-toggle")));

        // Opens the import panel until it shows: on PostgreSQL the page's first load can re-render it shut (CI, once).
        page.WaitForAssertion(() =>
        {
            if (page.FindAll(".import-json textarea").Count == 0)
            {
                page.Find(".import-toggle").Click();
            }
            Assert.NotEmpty(page.FindAll(".import-json textarea"));
        });
        page.Find(".import-json textarea").Change(Rules(QueueRule("a"), QueueRule("b"), QueueRule("c").Replace("\"for\": 1", "\"for\": -1", StringComparison.Ordinal)));
        page.Find(".import-button").Click();

        page.WaitForAssertion(() => Assert.Contains("rules[2].for", page.Find(".rules-message").TextContent, StringComparison.Ordinal));
        Assert.Equal(["queue-import"], (await _store.RulesAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task Rules_ShowPendingCount_AndInsufficientDataWithSampleOverMinimum()
    {
        await _store.ImportAsync(Rules(QueueRule("queue-pending", @for: 2), """
            {"name": "errors-few", "signal": "predict_error_rate", "comparison": "greater_than", "threshold": 0.05, "window_seconds": 300, "min_sample": 100000}
            """), "test");
        await _app.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(force: true);
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer1");

        var page = OpenPage();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=alert-rules] tbody tr").Count));
        string State(string rule) => page.FindAll("[data-testid=alert-rules] tbody tr").Single(r => r.QuerySelector(".rule-name")!.TextContent == rule)
            .QuerySelector(".rule-state")!.TextContent.Trim();
        Assert.Equal("pending 1/2", State("queue-pending"));
        Assert.Matches(@"^insufficient data \(\d+/100000\)$", State("errors-few"));
    }

    [Fact]
    public void OverviewStrip_ListsFiringAlerts_OrSaysQuiet()
    {
        var firing = new AlertView(7, "drift-share-red", "critical", AlertHistoryStates.Firing, new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc),
            null, null, "{}", null, null, null, null, "/alerts?id=7");

        var busy = Render<FiringAlertsStrip>(p => p.Add(s => s.Alerts, [firing]));
        var quiet = Render<FiringAlertsStrip>(p => p.Add(s => s.Alerts, []));

        Assert.Contains("Alerts: 1 firing", busy.Markup, StringComparison.Ordinal);
        Assert.Contains("critical · drift-share-red · since 2026-06-01 08:00", busy.Find(".strip-alert").TextContent, StringComparison.Ordinal);
        Assert.Contains("No alerts firing", quiet.Markup, StringComparison.Ordinal);
        Assert.Empty(quiet.FindAll(".strip-alert"));
    }

    [Fact]
    public void RetrainBanner_NamesRuleSinceAndEvidence_AndLinksToThePrefilledRetrain()
    {
        var from = new DateTime(2026, 5, 2, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 5, 31, 12, 0, 0, DateTimeKind.Utc);
        var recommendation = new RetrainRecommendation("drift-share-red", new DateTime(2026, 5, 30, 8, 0, 0, DateTimeKind.Utc),
            "window_drift_share 0.62 ≥ 0.5 over 86400 s, 24,310 rows", 3, 12, from, to);

        var banner = Render<RetrainRecommendationBanner>(p => p.Add(b => b.Recommendation, recommendation));
        var none = Render<RetrainRecommendationBanner>(p => p.Add(b => b.Recommendation, null));

        var text = banner.Find("[data-testid=retrain-recommended]").TextContent;
        Assert.Contains("Retrain recommended", text, StringComparison.Ordinal);
        Assert.Contains("drift-share-red", text, StringComparison.Ordinal);
        Assert.Contains("since 2026-05-30 08:00", text, StringComparison.Ordinal);
        Assert.Contains("window_drift_share 0.62", text, StringComparison.Ordinal);
        Assert.Equal(RetrainRecommendationBanner.RetrainHref(from, to), banner.Find("a.retrain-link").GetAttribute("href"));
        Assert.StartsWith("/models?retrain=1&from=2026-05-02T00%3A00%3A00", RetrainRecommendationBanner.RetrainHref(from, to), StringComparison.Ordinal);
        Assert.Empty(none.FindAll("[data-testid=retrain-recommended]"));
    }
}
