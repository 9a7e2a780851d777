using Bunit;
using Bunit.Rendering;
using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Components.Pages;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using LeadScoring.Core.Tests.Models;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

/// <summary>The Models page for a viewer and for an admin: admin controls are not rendered for viewers.</summary>
[Trait("Store", "both")]
public sealed class ModelsPageTests : IAsyncLifetime
{
    private static readonly string[] s_adminControls = ["Retrain", "Promote", "Discard", "Roll back", "Register ONNX"];

    private readonly BunitContext _context = new();
    private readonly RegistryTestHost _host = new();
    private ModelVersionInfo _champion = default!;
    private ModelVersionInfo _candidate = default!;

    public async Task InitializeAsync()
    {
        _champion = await _host.SeedChampionAsync("seeded champion");
        _candidate = await _host.RegisterBuiltAsync("seeded candidate", seed: 7);

        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(_host.Registry);
        _context.Services.AddSingleton(_host.Services.GetRequiredService<LeadScoring.Core.Explanations.ExplanationService>());
        _context.Services.AddSingleton(_host.Retrain);
        _context.Services.AddSingleton(_host.Loader);
        _context.Services.AddSingleton(_host.Services.GetRequiredService<StoreChangeNotifier>());
        _context.Services.AddSingleton(new ModelAdminCommands(_host.Services.GetRequiredService<IServiceScopeFactory>(), _host.Registry,
            _host.Retrain, _host.Champion, _host.Services.GetRequiredService<IReferenceLeadSource>()));
        _context.Services.AddSingleton(_host.Services.GetRequiredService<LeadScoring.Core.Shadow.ShadowComparisonService>());
        _context.Services.AddSingleton(_host.Services.GetRequiredService<LeadScoring.Core.Promotions.PromotionService>());
        _context.Services.AddSingleton(_host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<LeadScoring.Core.Shadow.ShadowOptions>>());
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public void Viewer_SeesRegistryAndComparison_ButNoAdminControls()
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("viewer1");
        auth.SetRoles(Roles.Viewer);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("seeded candidate", page.Markup, StringComparison.Ordinal));
        Assert.Contains("champion", page.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("table[aria-label='Compare versions'], [aria-label='Compare versions']"));
        var buttons = ButtonTexts(page);
        foreach (var control in s_adminControls)
        {
            Assert.DoesNotContain(buttons, b => b.StartsWith(control, StringComparison.Ordinal));
        }
        Assert.DoesNotContain("Register an external ONNX model", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_SeesRetrainPromoteDiscardRollbackAndRegister()
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Policies.Admin);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("seeded candidate", page.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Contains(ButtonTexts(page), b => b == "Retrain"));
        var buttons = ButtonTexts(page);
        foreach (var control in s_adminControls)
        {
            Assert.Contains(buttons, b => b.StartsWith(control, StringComparison.Ordinal));
        }
        // Promote is offered for the candidate only, not for the champion.
        Assert.NotEmpty(page.FindAll($"button[aria-label='Promote {_candidate.Label}']"));
        Assert.Empty(page.FindAll($"button[aria-label='Promote {_champion.Label}']"));
        // No version was champion before this one: nothing to roll back to, so the button is shown disabled.
        Assert.True(page.Find("button.rollback-button").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Admin_AfterAPromotion_CanRollBack()
    {
        await _host.Registry.PromoteAsync(_candidate.Id);
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Policies.Admin);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.False(page.Find("button.rollback-button").HasAttribute("disabled")));
    }

    [Fact]
    public void Compare_DefaultsToChampionAgainstNewestOther_WithBothConfusionMatrices()
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("viewer1");

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains($"Confusion matrix {_champion.Label}", page.Markup, StringComparison.Ordinal));
        Assert.Contains($"Confusion matrix {_candidate.Label}", page.Markup, StringComparison.Ordinal);
        var holdout = ModelMetrics.Parse(_champion.MetricsJson).Holdout!;
        Assert.Contains(holdout.RocAuc.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenger_AdminCanShadowACandidate_AndThePanelShowsPairsDroppedAndVerdict()
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Policies.Admin);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"button[aria-label='Shadow {_candidate.Label}']")));
        Assert.Empty(page.FindAll($"button[aria-label='Shadow {_champion.Label}']"));
        Assert.Empty(page.FindAll("[data-testid='challenger-panel']"));

        // The page follows registry changes: marking shows the panel without a reload.
        await _host.Registry.MarkChallengerAsync(_candidate.Id);

        page.WaitForAssertion(() => Assert.Contains("Challenger in shadow", page.Markup, StringComparison.Ordinal));
        Assert.Contains("challenger", page.Find(".challenger-chip").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("td.paired-count").TextContent.Trim()));
        Assert.StartsWith("0 dropped", page.Find("td.dropped-count").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("too few labelled leads (n < 100)", page.Find("td.verdict").TextContent.Trim());
        Assert.NotEmpty(page.FindAll("[data-testid='challenger-histogram']"));
        Assert.Empty(page.FindAll($"button[aria-label='Shadow {_candidate.Label}']"));
    }

    [Fact]
    public async Task Promote_OpensTheReasonDialog_WhichWillNotPromoteWithoutAReason()
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Policies.Admin);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"button[aria-label='Promote {_candidate.Label}']")));

        page.Find($"button[aria-label='Promote {_candidate.Label}']").Click(); // the page now waits for the dialog

        page.WaitForAssertion(() => Assert.Contains("Reason (required)", page.Markup, StringComparison.Ordinal));
        Assert.True(page.Find("button.promotion-submit").HasAttribute("disabled"));
        page.Find(".promotion-reason textarea").Input("   ");
        Assert.True(page.Find("button.promotion-submit").HasAttribute("disabled"));
        page.Find(".promotion-reason textarea").Input("better recall on spring leads");
        page.WaitForAssertion(() => Assert.False(page.Find("button.promotion-submit").HasAttribute("disabled")));
        Assert.Equal(_champion.Id, (await _host.Registry.ChampionAsync())!.Id); // nothing happens before the dialog is submitted
    }

    [Fact]
    public async Task PromotionsList_ShowsWhenWhoFromToReasonAndPolicy_AndOpensTheEvidence()
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("viewer1");
        auth.SetRoles(Roles.Viewer);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Contains("No promotion recorded yet.", page.Markup, StringComparison.Ordinal));

        var promotions = _host.Services.GetRequiredService<LeadScoring.Core.Promotions.PromotionService>();
        var done = await promotions.PromoteAsync(new LeadScoring.Core.Promotions.PromotionRequest(_candidate.Id, "better recall on spring leads"), "alice");

        // The page follows registry changes: the new record appears without a reload.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.promotion-row")));
        var row = page.Find("tr.promotion-row");
        Assert.Contains($"{_champion.Label} → {_candidate.Label}", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("alice", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("better recall on spring leads", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("off", row.QuerySelector("td.promotion-policy")!.TextContent.Trim());

        page.Find($"button[aria-label='Evidence {done.RecordId}']").Click();

        page.WaitForAssertion(() => Assert.Contains("\"schemaVersion\": 1", page.Find("pre.promotion-evidence").TextContent, StringComparison.Ordinal));
        Assert.Equal($"/api/models/promotions/{done.RecordId}?download=true", page.Find("a.evidence-download").GetAttribute("href"));
    }

    private IRenderedComponent<ContainerFragment> RenderPage() =>
        _context.Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<Models>(2);
            builder.CloseComponent();
        });

    private static List<string> ButtonTexts(IRenderedComponent<ContainerFragment> page) =>
        [.. page.FindAll("button").Select(b => b.TextContent.Trim())];
}
