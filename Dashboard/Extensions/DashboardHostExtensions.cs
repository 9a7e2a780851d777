using LeadScoring.Core.Monitoring;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Components;
using LeadScoring.Dashboard.Model;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using MudBlazor.Services;

namespace LeadScoring.Dashboard.Extensions;

/// <summary>The dashboard's composition: services, middleware, endpoints.</summary>
public static class DashboardHostExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        storage.ConnectionString = StoragePaths.ResolveSqlitePath(storage, builder.Environment.ContentRootPath);
        builder.Services.AddLeadScoringStorage(storage);

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton(TimeProvider.System);
        AddMonitoring(builder.Services);
        // Hosted services start in this order: schema first, then users.
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddDashboardSecurity(builder.Configuration);
        return builder;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapDashboardEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapPredictionExportApi();
        return app;
    }

    // The read side the pages use: singletons (each query opens its own short-lived context), the live-update
    // notifier shared by writers and pages, and the browser's time zone per circuit.
    private static void AddMonitoring(IServiceCollection services)
    {
        services.AddSingleton<StoreChangeNotifier>();
        services.AddSingleton<MonitoringQueries>();
        services.AddSingleton<ModelVersionCatalog>();
        services.AddSingleton<ScoreReportQuery>();
        services.AddSingleton<PredictionPageQuery>();
        services.AddScoped<BrowserTimeZone>();
    }
}
