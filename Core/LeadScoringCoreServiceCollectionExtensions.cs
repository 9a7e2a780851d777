using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Batches;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LeadScoring.Core.Monitoring;
using LeadScoring.Engine.Drift;

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
        var queueRows = configuration.GetValue(TelemetryQueue.CapacityKey, TelemetryQueue.DefaultCapacity);
        if (queueRows < TelemetryQueue.MinimumCapacity)
        {
            throw new InvalidOperationException($"{TelemetryQueue.CapacityKey} must be at least {TelemetryQueue.MinimumCapacity} (one full /predict/batch).");
        }
        services.AddSingleton(new TelemetryQueue(queueRows));
        services.AddSingleton<StoreWriteMonitor>();
        services.AddSingleton<StoreProbe>();
        services.AddSingleton<TelemetryWriter>();
        services.AddSingleton<Models.ChallengerHolder>();
        var shadowSection = configuration.GetSection(Shadow.ShadowOptions.SectionName);
        var shadowOptions = shadowSection.Get<Shadow.ShadowOptions>() ?? new Shadow.ShadowOptions();
        if (shadowOptions.Problem() is { } shadowProblem)
        {
            throw new InvalidOperationException(shadowProblem);
        }
        services.Configure<Shadow.ShadowOptions>(shadowSection);
        services.AddSingleton(sp => new Shadow.ShadowQueue(sp.GetRequiredService<Models.ChallengerHolder>(), shadowOptions.QueueRows,
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<Shadow.ShadowWorker>();
        services.AddSingleton<Shadow.ShadowComparisonService>();
        services.AddSingleton<ModelRegistry>();
        services.TryAddSingleton<IReferenceLeadSource, NoReferenceLeads>();
        services.AddSingleton<RetrainDataLoader>();
        services.AddSingleton<RetrainService>();
        services.AddSingleton<LeadScoringService>();
        services.AddSingleton<LargeBatchMemory>();
        services.AddSingleton<BatchIngestionService>();
        services.AddSingleton<UploadSlots>();
        services.AddSingleton<BatchAdministration>();
        services.AddSingleton<BatchQueries>();
        services.AddSingleton<Outcomes.OutcomeService>();
        services.AddSingleton<Performance.PerformanceService>();
        services.AddSingleton<Explanations.ExplanationService>();
        services.Configure<Performance.PerformanceOptions>(configuration.GetSection(Performance.PerformanceOptions.SectionName));
        services.Configure<Outcomes.OutcomeOptions>(configuration.GetSection(Outcomes.OutcomeOptions.SectionName));
        services.AddSingleton<Storage.Rollups.PredictionRollups>();
        services.AddSingleton<MonitoringQueries>();
        services.AddSingleton<OverviewService>();
        services.AddSingleton<ModelVersionCatalog>();
        services.AddSingleton<ScoreReportQuery>();
        services.AddSingleton<PredictionPageQuery>();
        services.Configure<DriftOptions>(configuration.GetSection(DriftOptions.SectionName));
        services.Configure<OnnxModelLimits>(configuration.GetSection(OnnxModelLimits.SectionName));
        services.Configure<DriftServiceOptions>(configuration.GetSection(DriftServiceOptions.SectionName));
        services.AddSingleton<DriftService>();
        services.Configure<DriftRunOptions>(configuration.GetSection(DriftRunOptions.SectionName));
        services.AddSingleton<DriftRunStore>();
        services.AddSingleton<Batches.IUploadDriftRuns>(sp => sp.GetRequiredService<DriftRunStore>());
        services.Configure<Models.ModelImportOptions>(configuration.GetSection(Models.ModelImportOptions.SectionName));
        services.Configure<Alerts.AlertOptions>(configuration.GetSection(Alerts.AlertOptions.SectionName));
        services.AddSingleton<Alerts.AuthFailureCounter>();
        services.AddSingleton<Alerts.AlertStore>();
        services.AddSingleton<Alerts.AlertSignalCollector>();
        services.AddSingleton<Alerts.AlertEvaluationService>();
        services.AddSingleton<Alerts.RetrainAdvisor>();
        services.Configure<Promotions.PromotionPolicyOptions>(configuration.GetSection(Promotions.PromotionPolicyOptions.SectionName));
        services.Configure<Promotions.PromotionOptions>(configuration.GetSection(Promotions.PromotionOptions.SectionName));
        services.AddSingleton<Promotions.PromotionService>();
        // Channel delivery (the notification outbox) registers its own notifier; until then notifications are dropped.
        services.TryAddSingleton<Alerts.IAlertNotifier, Alerts.NoAlertNotifier>();
        return services;
    }
}

/// <summary>The default when the host offers no reference set: retrains use labelled batches only.</summary>
internal sealed class NoReferenceLeads : IReferenceLeadSource
{
    public string? Description => null;

    public IReadOnlyList<LeadScoring.Engine.Domain.RawLead>? Load() => null;
}
