using LeadScoring.Core.Alerts;
using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Core.Tests.Models;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Core.Tests.Alerts;

/// <summary>
/// Core's real services on a throwaway store (TestDatabase: SQLite, or PostgreSQL by configuration) with a fixed clock, a recording notifier and plenty of free disk.
/// <see cref="SeedChampionAsync"/> trains a small champion on the first 2,000 reference leads; <see cref="AddTraffic"/>
/// scores leads with it and stores them as predictions at chosen times.
/// </summary>
public sealed class AlertTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<IReadOnlyList<RawLead>> s_reference = new(() =>
        LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, "reference_leads.csv")).RawRows);

    private readonly TestDatabase? _ownDatabase;

    /// <param name="settings">Configuration over the defaults.</param>
    /// <param name="storage">A store that outlives this host (null: a throwaway one, dropped on dispose).</param>
    public AlertTestHost(Dictionary<string, string?>? settings = null, StorageOptions? storage = null)
    {
        _ownDatabase = storage is null ? new TestDatabase("leadscoring-alerts") : null;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddLeadScoringStorage(storage ?? _ownDatabase!.Options)
            .AddLeadScoringCore(configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IFreeSpaceSource>(new FixedFreeSpace(100L << 30));
        services.AddSingleton<IAlertNotifier>(Notifier);
        Services = services.BuildServiceProvider();
        using var db = Db.CreateDbContext();
        db.Database.Migrate();
    }

    public FixedTimeProvider Clock { get; } = new(Start);
    public RecordingNotifier Notifier { get; } = new();
    public ServiceProvider Services { get; }
    public ILeadScoringDbFactory Db => Services.GetRequiredService<ILeadScoringDbFactory>();
    public AlertEvaluationService Evaluation => Services.GetRequiredService<AlertEvaluationService>();
    public AlertStore Store => Services.GetRequiredService<AlertStore>();

    /// <summary>All 5,000 reference leads (the first 2,000 train the champion; the rest are traffic "like the reference").</summary>
    public static IReadOnlyList<RawLead> ReferenceLeads => s_reference.Value;

    public async Task<int> SeedChampionAsync()
    {
        var registry = Services.GetRequiredService<ModelRegistry>();
        var built = ModelVersionBuilder.Build(ReferenceLeads.Take(2000).ToList(), "alerts", trainerOptions: RegistryTestHost.FastTrainer);
        var version = await registry.RegisterAsync(built.Version, "test");
        await registry.PromoteAsync(version.Id);
        return version.Id;
    }

    /// <summary>Scores <paramref name="leads"/> with the champion and stores them, spread evenly over the minute before <paramref name="at"/>.</summary>
    public void AddTraffic(IReadOnlyList<RawLead> leads, DateTimeOffset at)
    {
        using var lease = Services.GetRequiredService<ChampionHolder>().Acquire();
        var model = lease.Model;
        var features = new double[leads.Count * FeatureSchema.Count];
        model.Pipeline!.TransformBatch(leads, features);
        var scores = model.Scorer.ScoreBatch(features).Probabilities;
        using var db = Db.CreateDbContext();
        var end = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < leads.Count; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = end - 60_000 + i * 60_000 / Math.Max(1, leads.Count),
                ModelVersionId = model.RegistryId,
                Score = scores[i],
                PredictedEngaged = model.IsEngaged(scores[i]),
                InferenceMs = 1,
                EndToEndMs = 2,
                Features = FeatureBlob.Pack(features.AsSpan(i * FeatureSchema.Count, FeatureSchema.Count).ToArray()),
                Source = PredictionSource.Api,
            });
        }
        db.SaveChanges();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _ownDatabase?.Dispose();
    }

    private sealed class FixedFreeSpace(long bytes) : IFreeSpaceSource
    {
        public long? AvailableBytes() => bytes;
    }
}

/// <summary>Keeps every notification handed over.</summary>
public sealed class RecordingNotifier : IAlertNotifier
{
    private readonly List<AlertNotification> _sent = [];

    public IReadOnlyList<AlertNotification> Sent { get { lock (_sent) { return [.. _sent]; } } }

    public Task EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken = default)
    {
        lock (_sent)
        {
            _sent.Add(notification);
        }
        return Task.CompletedTask;
    }
}
