using System.Diagnostics;
using System.Globalization;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadScoring.Benchmarks.Drift;

/// <summary>
/// Window drift over the last 30 days of a store holding [rows] predictions, summed from the hourly drift
/// counts, beside the row read it replaces (capped at DriftService:MaxWindowRows, 1,000,000 newest rows, as shipped),
/// and the write cost of keeping the counts (the same rows written with rollups on and off). Rows are real demo leads
/// (the two demo scenarios, 2,000 leads through a model trained on 1,500 reference leads) repeated over 30 days.
/// Usage: window-drift [rows] [repeats] [--store sqlite|postgres]. --store postgres runs on a fresh database on the
/// server in LEADSCORING_TEST_POSTGRES (see <see cref="BenchStore"/>); SQLite by default.
/// </summary>
public static class WindowDriftBenchmark
{
    private const int WriteChunk = 50_000;

    public static int Run(string[] args)
    {
        var postgres = BenchStore.TakeStoreFlag(args, out args);
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var rows = numbers.Length > 0 ? long.Parse(numbers[0], CultureInfo.InvariantCulture) : 1_000_000;
        var repeats = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 5;
        return RunAsync(rows, repeats, postgres).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(long rows, int repeats, bool postgres)
    {
        var root = RepositoryPaths.Root();
        // Disposed last: deletes the SQLite file or drops the PostgreSQL database, after the contexts are gone.
        await using var store = await BenchStore.CreateAsync(postgres, "leadscoring-windowdrift");
        Console.WriteLine("store: " + store.Description);
        await using var services = new ServiceCollection()
            .AddLeadScoringStorage(store.Options)
            .BuildServiceProvider();
        using var champion = new ChampionHolder();
        try
        {
            var factory = services.GetRequiredService<ILeadScoringDbFactory>();
            await using (var db = factory.CreateDbContext())
            {
                await db.Database.MigrateAsync();
            }
            var registry = new ModelRegistry(factory, new ModelVersionCatalog(factory), champion, new StoreChangeNotifier(TimeProvider.System), TimeProvider.System);
            var training = LeadCsvReader.ReadFile(Path.Combine(root, "data", "reference_leads.csv")).RawRows.Take(1_500).ToList();
            var version = await registry.RegisterAsync(ModelVersionBuilder.Build(training, "window-drift-bench").Version, "bench");
            await registry.PromoteAsync(version.Id);
            var pool = Pool(root, champion.Current!);

            // Write cost of the counts: the same 200,000 rows into the store with rollups off, then on (then deleted).
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var hour = PredictionRollups.FloorHour(now);
            FeatureRollups.Enabled = false;
            var off = await SeedAsync(factory, pool, version.Id, 200_000, hour - 2 * 86_400_000L, hour - 86_400_000L, quiet: true);
            FeatureRollups.Enabled = true;
            var on = await SeedAsync(factory, pool, version.Id, 200_000, hour - 2 * 86_400_000L, hour - 86_400_000L, quiet: true);
            await using (var db = factory.CreateDbContext())
            {
                await db.Predictions.ExecuteDeleteAsync();
                await db.FeatureRollups.ExecuteDeleteAsync();
                await db.PredictionRollups.ExecuteDeleteAsync();
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"write 200,000 rows (bulk writer, 50,000 per statement batch): rollups off {off.TotalSeconds:0.00} s, on {on.TotalSeconds:0.00} s ({on.TotalMilliseconds / 200.0 - off.TotalMilliseconds / 200.0:+0.00;-0.00} µs per row)"));

            var seed = await SeedAsync(factory, pool, version.Id, rows, hour - 30 * 86_400_000L, hour, quiet: false);
            var time = TimeProvider.System;
            var rollups = new PredictionRollups(factory, time);
            var advance = Stopwatch.StartNew();
            await rollups.AdvanceAsync();
            var compact = Stopwatch.StartNew();
            var folded = await FeatureRollups.CompactAsync(factory, hour, int.MaxValue);
            compact.Stop(); // both stopped here: their difference is the hour rollups, the size and sum below count in neither
            advance.Stop();
            var size = await store.SizeAsync();
            await using (var db = factory.CreateDbContext())
            {
                var blobs = await db.FeatureRollups.SumAsync(r => (long)r.Counts.Length);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seeded {rows:N0} predictions over 30 days in {seed.TotalSeconds:0} s ({size}); hour rollups {advance.Elapsed.TotalSeconds - compact.Elapsed.TotalSeconds:0.0} s; {folded:N0} hour groups folded in {compact.Elapsed.TotalSeconds:0.0} s; drift counts {blobs / 1e6:0.0} MB"));
            }

            await store.SettleAfterSeedAsync();

            var window = new TimeWindow(hour - 30 * 86_400_000L + 17 * 60_000, now);
            var options = Options.Create(new DriftServiceOptions());
            var monitor = new StaticOptions(new DriftOptions());
            var counted = new DriftService(factory, registry, champion, monitor, options, runs: null, rollups: rollups);
            var rowRead = new DriftService(factory, registry, champion, monitor, options, runs: null);
            Console.WriteLine($"{"30-day window drift",-58} {"first ms",9} {"median ms",10} {"rows tested",12}");
            var fromCounts = await Measure("from hourly drift counts (whole window)", repeats, () => counted.ForWindowAsync(window));
            var fromRows = await Measure($"row read (newest {options.Value.MaxWindowRows:N0}, as without counts)", Math.Min(repeats, 3), () => rowRead.ForWindowAsync(window));
            Console.WriteLine("computation: " + fromCounts.Computation + (fromCounts.Notices.Count > 0 ? " notices: " + string.Join(" | ", fromCounts.Notices) : ""));

            // Same answer: a 3-day window under the row cap, both ways.
            var small = new TimeWindow(hour - 3 * 86_400_000L + 5 * 60_000, hour - 7 * 60_000);
            var a = (await rowRead.ForWindowAsync(small)).Report;
            var b = (await counted.ForWindowAsync(small)).Report;
            var maxRel = a.Columns.Zip(b.Columns).Where(p => p.First.Statistic is double).Max(p =>
                Math.Abs(p.First.Statistic!.Value - p.Second.Statistic!.Value) / Math.Max(1e-300, Math.Abs(p.First.Statistic.Value)));
            var sameKs = a.Columns.Zip(b.Columns).Where(p => p.First.Test == DriftTest.KolmogorovSmirnov).All(p => p.First.Statistic == p.Second.Statistic && p.First.AdjustedPValue == p.Second.AdjustedPValue);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"3-day window ({a.CurrentRows:N0} rows) both ways: rows {a.CurrentRows == b.CurrentRows}, drifted columns {a.DriftedColumns}/{b.DriftedColumns}, KS statistics and p-values identical: {sameKs}, largest relative difference of any statistic {maxRel:0.0e0}; score KS {a.PredictionDrift?.Statistic == b.PredictionDrift?.Statistic}, score W diff {Math.Abs((a.PredictionDrift?.NormedWasserstein ?? 0) - (b.PredictionDrift?.NormedWasserstein ?? 0)):0.0e0}"));
            _ = fromRows;
            return 0;
        }
        finally
        {
            FeatureRollups.Enabled = true;
        }
    }

    private static (byte[] Features, double Score)[] Pool(string root, ScoringModel model)
    {
        var leads = new List<RawLead>();
        foreach (var scenario in new[] { "no_drift_baseline", "drift_quality_degradation" })
        {
            leads.AddRange(LeadCsvReader.ReadFile(Path.Combine(root, "data", "scenarios", scenario + ".csv")).RawRows);
        }
        var features = new double[leads.Count * FeatureSchema.Count];
        (model.Pipeline ?? throw new InvalidOperationException("The benchmark model has no feature pipeline.")).TransformBatch(leads, features);
        var scores = model.Scorer.ScoreBatch(features).Probabilities;
        return [.. Enumerable.Range(0, leads.Count).Select(i => (FeatureBlob.Pack(features.AsSpan(i * FeatureSchema.Count, FeatureSchema.Count).ToArray()), scores[i]))];
    }

    private static async Task<TimeSpan> SeedAsync(ILeadScoringDbFactory factory, (byte[] Features, double Score)[] pool, int versionId, long count,
        long fromMs, long toMs, bool quiet)
    {
        var started = Stopwatch.StartNew();
        var step = (double)(toMs - fromMs) / count;
        var random = new Random(7);
        for (long offset = 0; offset < count; offset += 10 * WriteChunk)
        {
            await using var db = factory.CreateDbContext();
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var chunk = offset; chunk < Math.Min(count, offset + 10 * WriteChunk); chunk += WriteChunk)
            {
                var batch = new List<PredictionRecord>(WriteChunk);
                for (var i = chunk; i < Math.Min(count, chunk + WriteChunk); i++)
                {
                    var (features, score) = pool[random.Next(pool.Length)];
                    batch.Add(new PredictionRecord
                    {
                        TimestampMs = fromMs + (long)(i * step), ModelVersionId = versionId, Score = score, PredictedEngaged = score >= 0.5,
                        InferenceMs = 0.05, EndToEndMs = 0.6, Features = features, Source = PredictionSource.Upload,
                    });
                }
                await PredictionBulkWriter.WriteAsync(db, batch);
            }
            await transaction.CommitAsync();
            if (!quiet)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {Math.Min(count, offset + 10 * WriteChunk):N0} ({started.Elapsed.TotalSeconds:0} s)"));
            }
        }
        return started.Elapsed;
    }

    private static async Task<DriftRun> Measure(string name, int repeats, Func<Task<DriftRun>> run)
    {
        var first = Stopwatch.StartNew();
        var result = await run();
        var firstMs = first.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            await run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var median = times.Count == 0 ? firstMs : times[times.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-58} {firstMs,9:0} {median,10:0} {result.Report.CurrentRows,12:N0}"));
        return result;
    }

    private sealed class StaticOptions(DriftOptions value) : IOptionsMonitor<DriftOptions>
    {
        public DriftOptions CurrentValue => value;

        public DriftOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DriftOptions, string?> listener) => null;
    }
}
