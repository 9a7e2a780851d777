using System.Diagnostics;
using System.Globalization;
using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Benchmarks.PageQueries;

/// <summary>
/// Server time of each dashboard page's queries on a store holding [rows] predictions over 30 days and
/// [current-hour] more in the open hour, written by the seeding command's code (<see cref="PredictionSeeder"/>), the
/// clock standing 3 minutes into the hour; the requirement: every page's first render within 500 ms. Usage:
/// page-queries [rows] [repeats] [--current-hour N] [--covering-index] [--store sqlite|postgres]. --covering-index
/// adds one index covering every column the window queries read, to measure what it would buy. --store postgres runs
/// on a fresh database on the server in LEADSCORING_TEST_POSTGRES (see <see cref="BenchStore"/>); SQLite by default.
/// </summary>
public static class PageQueriesBenchmark
{
    public static int Run(string[] args)
    {
        var postgres = BenchStore.TakeStoreFlag(args, out args);
        var covering = args.Contains("--covering-index");
        var hourAt = Array.IndexOf(args, "--current-hour");
        var currentHour = hourAt >= 0 ? long.Parse(args[hourAt + 1], CultureInfo.InvariantCulture) : 0;
        var numbers = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (hourAt < 0 || i != hourAt + 1)).ToArray();
        var rows = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 1_000_000;
        var repeats = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 5;
        return RunAsync(rows, currentHour, repeats, covering, postgres).GetAwaiter().GetResult();
    }

    private const int MinutesIntoHour = 3;

    private static async Task<int> RunAsync(int rows, long currentHour, int repeats, bool covering, bool postgres)
    {
        // Disposed last: deletes the SQLite file or drops the PostgreSQL database, after the contexts are gone.
        await using var store = await BenchStore.CreateAsync(postgres, "leadscoring-bench");
        Console.WriteLine("store: " + store.Description);
        await using var services = new ServiceCollection()
            .AddLeadScoringStorage(store.Options)
            .BuildServiceProvider();
        var factory = services.GetRequiredService<ILeadScoringDbFactory>();
        // The benchmark's clock stands a fixed time into an hour, so the open hour's density does not depend on when the
        // run starts (3 minutes: 2,000,000 rows then arrive at ~11,000/s, the rate /predict sustains on 2 cores).
        var wall = DateTimeOffset.UtcNow;
        var now = new DateTimeOffset(wall.Year, wall.Month, wall.Day, wall.Hour, 0, 0, TimeSpan.Zero).AddMinutes(MinutesIntoHour);
        var time = new FixedTime(now);
        var seed = Stopwatch.StartNew();
        var seeded = await PredictionSeeder.SeedAsync(factory, new PredictionSeedOptions(rows, 30, currentHour), time,
            new Progress<long>(done => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {done:N0}"))));
        seed.Stop(); // the write alone: VACUUM (ANALYZE) on PostgreSQL and the covering index are timed on their own lines
        var modelId = seeded.ModelVersionId;
        await store.SettleAfterSeedAsync();
        if (covering)
        {
            await using var db = factory.CreateDbContext();
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1)); // an index over 10 M rows outlasts the 30 s default
            var index = Stopwatch.StartNew();
            await db.Database.ExecuteSqlRawAsync(
                "CREATE INDEX ix_bench_window_cover ON predictions (\"TimestampMs\", \"Score\", \"PredictedEngaged\", \"InferenceMs\", \"EndToEndMs\", \"ModelVersionId\")");
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"covering index built in {index.Elapsed.TotalSeconds:0.0} s"));
        }
        var size = await store.SizeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {rows:N0} predictions over 30 days + {currentHour:N0} in the current hour ({MinutesIntoHour} minutes of it) in {seed.Elapsed.TotalSeconds:0.0} s, rollups included ({size})"));

        // The seeder left the rollups current, as RollupMaintenance keeps them in the background.
        var rollups = new PredictionRollups(factory, time);
        var monitoring = new MonitoringQueries(factory, rollups);
        var catalog = new ModelVersionCatalog(factory);
        var scores = new ScoreReportQuery(monitoring, catalog);
        var pages = new PredictionPageQuery(factory, rollups);
        TimeWindow Last(double days) => TimeWindow.Last(TimeSpan.FromDays(days), time);

        Console.WriteLine($"{"query",-52} {"first ms",9} {"median ms",10} {"rows",10}");
        await Measure("Overview (requests 1 h/15 min, last prediction, 24 h count)", repeats, async () =>
        {
            await monitoring.RequestsAsync(Last(1 / 24.0));
            await monitoring.RequestsAsync(TimeWindow.Last(TimeSpan.FromMinutes(15), time));
            await monitoring.LastPredictionAsync();
            return await monitoring.PredictionCountAsync(Last(1));
        });
        await Measure("Scores 1 h (histogram+summary+trend+reference)", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(1 / 24.0)))).Summary.Count);
        await Measure("Scores 24 h", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(1)))).Summary.Count);
        await Measure("Scores 7 d", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(7)))).Summary.Count);
        await Measure("Scores 30 d", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(30)))).Summary.Count);
        await Measure("Scores all", repeats, async () => (await scores.LoadAsync(new PredictionFilter(TimeWindow.All))).Summary.Count);
        await Measure("Scores 24 h, one model version", repeats, async () => (await scores.LoadAsync(new PredictionFilter(Last(1), modelId))).Summary.Count);
        await Measure("Latency 1 h (percentiles+histogram+throughput)", repeats, () => Latency(monitoring, Last(1 / 24.0)));
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
        var newest = await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(TimeWindow.All), Take: 25));
        await Measure("Predictions all, next page by key (newest)", repeats, async () =>
            (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(TimeWindow.All), Take: 25,
                Key: PredictionKeyset.Of(newest.Rows[^1], PredictionSortColumn.Time, before: false)))).TotalCount);
        await Measure("Predictions all, last page (oldest 25)", repeats, async () =>
            (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(TimeWindow.All), Take: 25, LastPage: true))).TotalCount);
        await Measure("Predictions 1 h, model, by score, next page by key", repeats, async () =>
        {
            var search = new PredictionSearch(Last(1 / 24.0), modelId);
            var first = await pages.PageAsync(new PredictionPageRequest(search, PredictionSortColumn.Score, true, Take: 25));
            return (await pages.PageAsync(new PredictionPageRequest(search, PredictionSortColumn.Score, true, Take: 25,
                Key: PredictionKeyset.Of(first.Rows[^1], PredictionSortColumn.Score, before: false)))).TotalCount;
        });
        await Measure("Predictions 30 d, score 0.5-0.9, last page", repeats, async () =>
            (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(Last(30), MinScore: 0.5, MaxScore: 0.9),
                PredictionSortColumn.Time, true, Take: 25, LastPage: true))).TotalCount);
        await Measure("Predictions 24 h sorted by inference ms", repeats, async () =>
            (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(Last(1)), PredictionSortColumn.InferenceMs, true, Take: 25))).TotalCount);
        foreach (var (name, column, descending) in new[]
        {
            ("score, highest first", PredictionSortColumn.Score, true), ("score, lowest first", PredictionSortColumn.Score, false),
            ("inference ms, slowest first", PredictionSortColumn.InferenceMs, true), ("end-to-end ms, fastest first", PredictionSortColumn.EndToEndMs, false),
            ("model version", PredictionSortColumn.ModelVersionId, true),
        })
        {
            await Measure($"Predictions 30 d by {name}, page 2", repeats, async () =>
                (await pages.PageAsync(new PredictionPageRequest(new PredictionSearch(Last(30)), column, descending, Skip: 25, Take: 25))).TotalCount);
        }
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

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
