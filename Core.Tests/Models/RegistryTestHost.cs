using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Models;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Engine.Training;
using LeadScoring.Engine.Tests.Infrastructure;
using LeadScoring.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
namespace LeadScoring.Core.Tests.Models;

/// <summary>Core's real services on a throwaway SQLite store, with a small reference set and fast trainer settings.</summary>
public sealed class RegistryTestHost : IAsyncDisposable
{
    /// <summary>20 trees instead of 100: the tests check plumbing and fairness, not model quality.</summary>
    public static readonly LeadModelTrainerOptions FastTrainer = new() { NumberOfTrees = 20 };

    private static readonly Lazy<IReadOnlyList<RawLead>> s_reference = new(() =>
        LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, "reference_leads.csv")).RawRows.Take(2000).ToList());

    private readonly TestDatabase _database = new("leadscoring-registry");

    public RegistryTestHost(bool withReference = true, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddLeadScoringStorage(_database.Options)
            .AddLeadScoringCore(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        services.AddSingleton<IReferenceLeadSource>(new FakeReferenceSource(withReference ? ReferenceLeads : null));
        Services = services.BuildServiceProvider();
        using var db = Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        db.Database.Migrate();
        Retrain.TrainerOptions = FastTrainer;
    }

    /// <summary>The first 2,000 leads of data/reference_leads.csv.</summary>
    public static IReadOnlyList<RawLead> ReferenceLeads => s_reference.Value;

    public ServiceProvider Services { get; }
    public ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();
    public RetrainService Retrain => Services.GetRequiredService<RetrainService>();
    public RetrainDataLoader Loader => Services.GetRequiredService<RetrainDataLoader>();
    public ChampionHolder Champion => Services.GetRequiredService<ChampionHolder>();
    public ILeadScoringDbFactory Db => Services.GetRequiredService<ILeadScoringDbFactory>();

    /// <summary>Builds a version from <paramref name="leads"/> (default: the reference set) and registers it as a candidate.</summary>
    public async Task<ModelVersionInfo> RegisterBuiltAsync(string name, IReadOnlyList<RawLead>? leads = null, int seed = RetrainBuilder.DefaultSeed)
    {
        var built = ModelVersionBuilder.Build(leads ?? ReferenceLeads, name, seed, trainerOptions: FastTrainer);
        return await Registry.RegisterAsync(built.Version, "test");
    }

    /// <summary>Registers and promotes a version built from the reference set.</summary>
    public async Task<ModelVersionInfo> SeedChampionAsync(string name = "v1 seed")
    {
        var version = await RegisterBuiltAsync(name);
        return await Registry.PromoteAsync(version.Id);
    }

    /// <summary>Runs the retrain worker until <paramref name="job"/> finishes (or 60 s pass).</summary>
    public async Task RunUntilFinishedAsync(RetrainJob job)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = Retrain.RunAsync(stop.Token);
        while (!job.IsFinished && !stop.IsCancellationRequested)
        {
            await Task.Delay(20);
        }
        await stop.CancelAsync();
        try
        {
            await worker;
        }
        catch (OperationCanceledException)
        {
            // The worker stops with the token.
        }
        Assert.True(job.IsFinished, "the retrain job did not finish within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _database.Dispose();
    }

    private sealed class FakeReferenceSource(IReadOnlyList<RawLead>? leads) : IReferenceLeadSource
    {
        public string? Description => leads is null ? null : $"test reference ({leads.Count} leads)";

        public IReadOnlyList<RawLead>? Load() => leads;
    }
}
