using LeadScoring.Core;
using LeadScoring.Core.Alerts.Channels;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Cluster;
using LeadScoring.Core.Storage.Retention;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Components;
using LeadScoring.Dashboard.Model;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace LeadScoring.Dashboard.Extensions;

/// <summary>The dashboard's composition: services, middleware, endpoints.</summary>
public static class DashboardHostExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        storage.ConnectionString = StoragePaths.ResolveSqlitePath(storage, builder.Environment.ContentRootPath);
        builder.Services.AddLeadScoringStorage(storage);

        builder.Services.Configure<DemoDataOptions>(builder.Configuration.GetSection(DemoDataOptions.SectionName));
        builder.Services.AddLeadScoringCore(builder.Configuration);
        builder.Services.AddSingleton<LeadScoring.Core.Models.IReferenceLeadSource, DemoReferenceLeadSource>();
        builder.Services.AddSingleton<ModelAdminCommands>();
        builder.Services.AddSingleton<AlertAdminCommands>();
        builder.Services.AddSingleton<BatchAdminCommands>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<BrowserTimeZone>();
        // Hosted services start in this order: schema and models first, then users, then the telemetry writer.
        var role = HostRoles.Read(builder.Configuration);
        builder.Services.AddSingleton(new HostRoleInfo(role));
        if (role == HostRole.Api)
        {
            builder.Services.AddHostedService<ApiRoleStartup>(); // loads the champion; the dashboard instance migrates and seeds
        }
        else
        {
            builder.Services.AddHostedService<DatabaseInitializer>();
        }
        builder.Services.AddDashboardSecurity(builder.Configuration);
        builder.Services.AddApiAuthentication();
        builder.Services.AddRateLimits(builder.Configuration);
        builder.Services.Configure<PredictionApiOptions>(builder.Configuration.GetSection(PredictionApiOptions.SectionName));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryWriter>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LeadScoring.Core.Shadow.ShadowWorker>());
        // Several instances on one PostgreSQL store: store changes relayed (LISTEN/NOTIFY), champion kept in step, and
        // the background jobs on the leading instance only (Core/Storage/Cluster).
        builder.Services.AddStoreCluster(builder.Configuration, competesForJobs: role != HostRole.Api);
        builder.Services.AddHostedService<LeadScoring.Core.Models.ChampionSync>();
        // Hourly drift counts are written by static store code (bulk writer, SaveChanges): their limits are set once here.
        LeadScoring.Core.Storage.Rollups.FeatureRollups.Enabled = builder.Configuration.GetValue("DriftRollups:Enabled", true);
        LeadScoring.Core.Storage.Rollups.FeatureRollups.MaxOffGridValues = Math.Max(0, builder.Configuration.GetValue("DriftRollups:MaxOffGridValuesPerHour", 4096));
        builder.Services.AddStoreRetention(builder.Configuration);
        builder.Services.Configure<MonitoringOptions>(builder.Configuration.GetSection(MonitoringOptions.SectionName));
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<HealthReportCache>();
        builder.Services.AddSingleton<UploadJobs>();
        builder.Services.Configure<LeadScoring.Core.Batches.UploadOptions>(builder.Configuration.GetSection(LeadScoring.Core.Batches.UploadOptions.SectionName));
        builder.Services.AddAlertChannels(builder.Configuration);
        if (role != HostRole.Api)
        {
            builder.Services.AddLeaderOnlyJob<LeadScoring.Core.Storage.Rollups.RollupMaintenance>();
            builder.Services.AddLeaderOnlyJob<LeadScoring.Core.Storage.Retention.RetentionMaintenance>();
            builder.Services.AddLeaderOnlyJob<HealthProbeService>();
            // Retrains are queued in this process's memory (RetrainService), so each dashboard instance runs its own.
            builder.Services.AddHostedService<RetrainWorker>();
            builder.Services.AddLeaderOnlyJob<AlertDeliveryWorker>();
            builder.Services.AddLeaderOnlyJob<AlertWorker>();
        }

        // Traces and metrics (/metrics, and OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set): TelemetrySetup.cs.
        builder.AddLeadScoringTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck<ModelHealthCheck>("model")
            .AddCheck<StoreHealthCheck>("store")
            .AddCheck<ErrorRateHealthCheck>("error_rate")
            .AddCheck<RetentionHealthCheck>("retention");
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "LinkedIn Lead Scoring API";
            document.Info.Version = ServiceVersion.Current;
            document.Info.Description = "Prediction API compatible with the original FastAPI service, plus batch ingestion and drift.";
            return Task.CompletedTask;
        }).AddApiKeySecurity());
        return builder;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        // Behind a TLS-terminating proxy (loopback by default, more from ForwardedHeaders:*): real client addresses for
        // the per-client limits, and Secure cookies.
        var proxies = app.Configuration.GetSection(ForwardedHeadersSettings.SectionName).Get<ForwardedHeadersSettings>() ?? new();
        app.UseForwardedHeaders(proxies.ToOptions());
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        if (app.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>()?.RequireHttps == true)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        // Friendly status pages for people, never for API clients (re-executing an API POST would hit a page).
        app.UseWhen(context => !ApiConventionsMiddleware.IsApiPath(context.Request.Path),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<ApiConventionsMiddleware>();
        app.UseMiddleware<ApiKeyLookupMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeRequiredMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<StorageFloorMiddleware>();
        return app;
    }

    public static WebApplication MapDashboardEndpoints(this WebApplication app)
    {
        if (app.Services.GetRequiredService<HostRoleInfo>().Role == HostRole.Api)
        {
            // Scoring only: everything else (pages, admin and read APIs, docs) is the dashboard instance's.
            app.MapPredictionApi();
            app.MapHealthApi();
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
            return app;
        }
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapPredictionApi();
        app.MapBatchApi();
        app.MapOutcomeApi();
        app.MapPerformanceApi();
        app.MapChallengerApi();
        app.MapPromotionApi();
        app.MapChampionChangeApi();
        app.MapExplanationApi();
        app.MapHealthApi();
        app.MapDriftApi();
        app.MapDriftRunApi();
        app.MapAlertApi();
        app.MapOpenApi().AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        // /docs as in the original service; Scalar serves its UI from the package (works offline).
        app.MapScalarApiReference("/docs", o => o.WithTitle("LinkedIn Lead Scoring API").WithNonce().DisableDefaultFonts().DisableAgent().HideDeveloperTools()).AllowAnonymous();
        app.MapPredictionExportApi();
        app.MapAlertChannelApi();
        return app;
    }
}
