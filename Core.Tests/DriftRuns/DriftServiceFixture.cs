using LeadScoring.Core.Models;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Batches;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.Extensions.Options;
namespace LeadScoring.Core.Tests.DriftRuns;

/// <summary>
/// A store with a champion trained on 1,500 demo reference leads and two ingested demo batches at fixed times:
/// the no-drift baseline at <see cref="BaselineAt"/> and the quality degradation at <see cref="DegradedAt"/>.
/// </summary>
public sealed class DriftServiceFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset BaselineAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset DegradedAt = new(2026, 3, 1, 14, 0, 0, TimeSpan.Zero);

    public TestStore Store { get; } = new();
    public ChampionHolder Champion { get; } = new();
    public ModelRegistry Registry { get; private set; } = default!;
    public BatchIngestionService Ingestion { get; private set; } = default!;
    public long BaselineBatch { get; private set; }
    public long DegradedBatch { get; private set; }
    public int VersionId { get; private set; }

    /// <summary>The drift-run store the services and the ingestion record into.</summary>
    public DriftRunStore Runs { get; private set; } = default!;

    public static string Scenario(string name, bool processed = false) =>
        Path.Combine(TestPaths.DataDirectory, "scenarios", name + (processed ? ".processed.csv" : ".csv"));

    /// <summary>The service; with <paramref name="rollups"/>, window drift sums the hourly drift counts where they are complete.</summary>
    public DriftService Service(int maxWindowRows = 1_000_000, DriftOptions? configured = null, DriftRunStore? runs = null,
        LeadScoring.Core.Storage.Rollups.PredictionRollups? rollups = null) =>
        new(Store.Factory, Registry, Champion, new FixedOptionsMonitor<DriftOptions>(configured ?? new DriftOptions()),
            Options.Create(new DriftServiceOptions { MaxWindowRows = maxWindowRows }), runs ?? Runs, rollups);

    public async Task InitializeAsync()
    {
        var notifier = new StoreChangeNotifier(TimeProvider.System);
        Registry = new ModelRegistry(Store.Factory, new ModelVersionCatalog(Store.Factory), Champion, notifier, TimeProvider.System);
        Runs = new DriftRunStore(Store.Factory, TimeProvider.System);
        Ingestion = new BatchIngestionService(Store.Factory, Champion, Registry, notifier, TimeProvider.System, new StoreWriteMonitor(TimeProvider.System),
            new LargeBatchMemory(), driftRuns: Runs);
        var leads = LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, "reference_leads.csv")).RawRows.Take(1_500).ToList();
        var built = ModelVersionBuilder.Build(leads, "drift-test");
        var version = await Registry.RegisterAsync(built.Version, "test");
        await Registry.PromoteAsync(version.Id);
        VersionId = version.Id;
        BaselineBatch = await IngestAsync("no_drift_baseline", BaselineAt);
        DegradedBatch = await IngestAsync("drift_quality_degradation", DegradedAt);
    }

    private async Task<long> IngestAsync(string scenario, DateTimeOffset at)
    {
        await using var stream = File.OpenRead(Scenario(scenario));
        var result = await Ingestion.IngestAsync(stream, scenario + ".csv", "test", timestamp: at);
        Assert.Equal(BatchStatus.Completed, result.Status);
        return result.BatchId;
    }

    public Task DisposeAsync()
    {
        Champion.Dispose();
        Store.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Options that never change (the service reads <c>CurrentValue</c>).</summary>
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
