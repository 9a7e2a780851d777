using System.Globalization;
using Bunit;
using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>
/// bUnit context for dashboard pages: MudBlazor services and popover/dialog providers, loose JS interop (MudBlazor
/// and Plotly call JS we do not run), a real migrated SQLite store, the page services, a fixed clock and an
/// invariant culture. MudBlazor's services dispose asynchronously only, so the context is disposed through
/// IAsyncLifetime (xunit 2 would call a synchronous Dispose).
/// </summary>
public abstract class DashboardTestContext : IAsyncLifetime
{
    protected DashboardTestContext()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Context.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Context.Services.AddSingleton<TimeProvider>(Time);
        Context.Services.AddSingleton(Store.Factory);
        Context.Services.AddSingleton(Notifier);
        Context.Services.AddSingleton<MonitoringQueries>();
        Context.Services.AddSingleton<ModelVersionCatalog>();
        Context.Services.AddSingleton<ScoreReportQuery>();
        Context.Services.AddSingleton<PredictionPageQuery>();
        Context.Services.AddSingleton<LeadScoring.Engine.Scoring.ChampionHolder>();
        Context.Services.AddSingleton<LeadScoring.Core.Explanations.ExplanationService>();
        Context.Services.AddScoped<BrowserTimeZone>();
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected BunitContext Context { get; } = new();

    protected TestStore Store { get; } = new();

    protected FixedTimeProvider Time { get; } = new(PredictionSeed.Now);

    protected StoreChangeNotifier Notifier { get; } = new(TimeProvider.System);

    protected ILeadScoringDbFactory Factory => Store.Factory;

    protected NavigationManager Navigation => Context.Services.GetRequiredService<NavigationManager>();

    /// <summary>Renders a page with the providers MudBlazor selects and dialogs need beside it.</summary>
    /// <param name="uri">Where to navigate first: query parameters reach the page from the URL, as in the app.</param>
    protected IRenderedComponent<TPage> RenderPage<TPage>(string? uri = null)
        where TPage : IComponent
    {
        if (uri is not null)
        {
            Navigation.NavigateTo(uri);
        }
        Popovers = Context.Render<MudPopoverProvider>();
        Dialogs = Context.Render<MudDialogProvider>();
        return Context.Render<TPage>();
    }

    /// <summary>Where open select lists and menus render.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = default!;

    /// <summary>Where dialogs render.</summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = default!;

    /// <summary>Live subscriptions held by the notifier (private state, read so a leak shows in a test).</summary>
    protected int SubscriptionCount()
    {
        var field = typeof(StoreChangeNotifier).GetField("_subscriptions", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var list = (System.Collections.ICollection)field.GetValue(Notifier)!;
        return list.Count;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        Store.Dispose();
    }
}
