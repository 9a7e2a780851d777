using LeadScoring.Core.Monitoring;
using LeadScoring.Core.Registry;
using LeadScoring.Core.Scoring;
using LeadScoring.Core.Serving;
using LeadScoring.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Core;

/// <summary>Registers Core's services: store, live model, scoring, ingestion, registry and monitoring queries.</summary>
public static class LeadScoringCoreServiceCollectionExtensions
{
    /// <summary>The store must be registered first (<see cref="StorageServiceCollectionExtensions.AddLeadScoringStorage"/>).</summary>
    public static IServiceCollection AddLeadScoringCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChampionHolder>();
        services.AddSingleton<StoreChangeNotifier>();
        services.AddSingleton<TelemetryQueue>();
        services.AddSingleton<StoreWriteMonitor>();
        services.AddSingleton<TelemetryWriter>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<LeadScoringService>();
        services.AddSingleton<BatchIngestionService>();
        services.AddSingleton<MonitoringQueries>();
        services.Configure<Drift.DriftOptions>(configuration.GetSection(Drift.DriftOptions.SectionName));
        return services;
    }
}
