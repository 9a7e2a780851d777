using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Components;
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
        return app;
    }
}
