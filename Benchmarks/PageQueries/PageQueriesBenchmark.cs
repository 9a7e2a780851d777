using System.Diagnostics;
using System.Globalization;
using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Benchmarks.PageQueries;

/// <summary>
/// Server time of each dashboard page's queries on a SQLite store holding 1,000,000 predictions over 30 days
/// (the requirement: every page's first render under 1 s). Usage: page-queries [rows] [repeats] [--covering-index]
/// The flag adds one index covering every column the window queries read, to measure what it would buy.
/// </summary>
public static class PageQueriesBenchmark
{
    public static int Run(string[] args)
    {
        var covering = args.Contains("--covering-index");
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var rows = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 1_000_000;
        var repeats = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 5;
        return RunAsync(rows, repeats, covering).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int rows, int repeats, bool covering)
    {
        var path = Path.Combine(Path.GetTempPath(), $"leadscoring-bench-{Guid.NewGuid():N}.db");
        await using var services = new ServiceCollection()
            .AddLeadScoringStorage(new StorageOptions { ConnectionString = $"Data Source={path}" })
            .BuildServiceProvider();
        try
        {
            var factory = services.GetRequiredService<ILeadScoringDbFactory>();
            var now = DateTimeOffset.UtcNow;
            var seed = Stopwatch.StartNew();
            var modelId = await SeedAsync(factory, rows, now);
            if (covering)
            {
                await using var db = factory.CreateDbContext();
                var index = Stopwatch.StartNew();
                await db.Database.ExecuteSqlRawAsync(
                    "CREATE INDEX ix_bench_window_cover ON predictions (TimestampMs, Score, PredictedEngaged, InferenceMs, EndToEndMs, ModelVersionId)");
                await db.Database.ExecuteSqlRawAsync("ANALYZE");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"covering index built in {index.Elapsed.TotalSeconds:0.0} s"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded {rows:N0} predictions over 30 days in {seed.Elapsed.TotalSeconds:0.0} s ({new FileInfo(path).Length / 1e6:0} MB)"));

            var time = new FixedTime(now);
            // What RollupMaintenance does in the background at start: roll up every closed hour.
            var rollups = new PredictionRollups(factory, time);
            var rollup = Stopwatch.StartNew();
            await rollups.AdvanceAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rolled up 30 days of closed hours in {rollup.Elapsed.TotalSeconds:0.0} s"));
            var monitoring = new MonitoringQueries(factory, rollups);
            var catalog = new ModelVersionCatalog(factory);
            var scores = new ScoreReportQuery(monitoring, catalog);
            var pages = new PredictionPageQuery(factory);
            TimeWindow Last(double days) => TimeWindow.Last(TimeSpan.FromDays(days), time);

            Console.WriteLine($"{"query",-52} {"first ms",9} {"median ms",10} {"rows",10}");
            await Measure("Scores 1 h (histogram+summary+trend+reference)", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(1 / 24.0)))).Summary.Count);
            await Measure("Scores 24 h", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(1)))).Summary.Count);
            await Measure("Scores 7 d", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(7)))).Summary.Count);
            await Measure("Scores 30 d", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(30)))).Summary.Count);
            await Measure("Scores all", repeats, async () => (await scores.LoadAsync(new PredictionFilter(TimeWindow.All))).Summary.Count);
            await Measure("Scores 24 h, one model version", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(1), modelId))).Summary.Count);
            await Measure("Latency 24 h (percentiles+histogram+throughput)", repeats, () => Latency(monitoring, Last(1)));
            await Measure("Latency 7 d", repeats, () => Latency(monitoring, Last(7)));
            await Measure("Latency 30 d", repeats, () => Latency(monitoring, Last(30)));
            await Measure("Latency all", repeats, () => Latency(monitoring, TimeWindow.All));
            await Measure("Predictions 24 h first page (newest, 25 + count)", repeats, async () =>
                (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(Last(1)), Take: 25))).TotalCount);
            await Measure("Predictions all first page (newest, 25 + count)", repeats, async () =>
                (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(TimeWindow.All), Take: 25))).TotalCount);
            await Measure("Predictions 30 d, score 0.5-0.9, model, by score, page 3", repeats, async () =>
                (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(Last(30), modelId, MinScore: 0.5, MaxScore: 0.9),
                    PredictionSortColumn.Score, true, Skip: 50, Take: 25))).TotalCount);
            await Measure("Predictions 24 h sorted by inference ms", repeats, async () =>
                (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(Last(1)), PredictionSortColumn.InferenceMs, true, Take: 25))).TotalCount);
            await Measure("Prediction detail (47 features)", repeats, async () => (await pages.DetailAsync(rows / 2))?.Features.Count ?? 0);
            await Measure("Overview counts (24 h throughput, requests, last)", repeats, async () =>
            {
                var throughput = monitoring.ThroughputAsync(new PredictionFilter(Last(1)));
                var requests = monitoring.RequestsAsync(Last(1));
                var last = monitoring.LastPredictionAsync();
                await Task.WhenAll(throughput, requests, last);
                return throughput.Result.Sum(p => p.Count);
            });
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static async Task<long> Latency(MonitoringQueries monitoring, TimeWindow window)
    {
        var filter = new PredictionFilter(window);
        var report = monitoring.LatencyAsync(filter);
        var throughput = monitoring.ThroughputAsync(filter);
        await Task.WhenAll(report, throughput);
        return report.Result.Count;
    }

    private static async Task Measure(string name, int repeats, Func<Task<long>> query)
    {
        var first = Stopwatch.StartNew();
        var count = await query();
        var firstMs = first.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            await query();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {firstMs,9:0.0} {times[times.Count / 2],10:0.0} {count,10:N0}"));
    }

    private static async Task<int> SeedAsync(ILeadScoringDbFactory factory, int rows, DateTimeOffset now)
    {
        var random = new Random(42);
        await using var db = factory.CreateDbContext();
        await db.Database.MigrateAsync();
        var model = new ModelVersionRecord
        {
            Version = 1, Name = "bench", Status = ModelStatus.Champion, Origin = "trained", CreatedAtUtc = now.UtcDateTime.AddDays(-31),
            CreatedBy = "bench", DecisionThreshold = 0.5,
            ReferenceScores = FeatureBlob.Pack([.. Enumerable.Range(0, 10_000).Select(_ => Score(random))]),
        };
        db.ModelVersions.Add(model);
        await db.SaveChangesAsync();

        var start = now.AddDays(-30).ToUnixTimeMilliseconds();
        var step = 30.0 * 86_400_000 / rows;
        var features = new double[47];
        await using var transaction = await db.Database.BeginTransactionAsync();
        const int chunk = 50_000;
        for (var offset = 0; offset < rows; offset += chunk)
        {
            var batch = new List<PredictionRecord>(chunk);
            for (var i = offset; i < Math.Min(rows, offset + chunk); i++)
            {
                for (var f = 0; f < features.Length; f++)
                {
                    features[f] = random.NextDouble();
                }
                var score = Score(random);
                var inference = 0.02 + random.NextDouble() * 0.05;
                batch.Add(new PredictionRecord
                {
                    TimestampMs = start + (long)(i * step),
                    BatchId = i % 10 == 0 ? null : 1 + i / 10_000,
                    ModelVersionId = model.Id,
                    Score = score,
                    PredictedEngaged = score >= 0.5,
                    ActualEngaged = i % 4 == 0 ? random.Next(2) : null,
                    InferenceMs = inference,
                    EndToEndMs = inference + 0.5 + random.NextDouble(),
                    Features = FeatureBlob.Pack(features),
                    Source = i % 10 == 0 ? PredictionSource.Api : PredictionSource.Upload,
                });
            }
            await PredictionBulkWriter.WriteAsync(db, batch);
        }
        await transaction.CommitAsync();
        return model.Id;
    }

    // Skewed towards low scores, as lead engagement is.
    private static double Score(Random random) => Math.Pow(random.NextDouble(), 2.2);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
