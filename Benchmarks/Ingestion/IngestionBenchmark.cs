using System.Diagnostics;
using LeadScoring.Core;
using LeadScoring.Engine.DemoData;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Models;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Benchmarks.Ingestion;

/// <summary>
/// The server side of an upload: a raw-schema CSV of N leads (the five demo scenarios cycled, as `leadscoring make-upload` writes) through the one ingestion
/// path — validate, feature pipeline, ONNX Runtime, drift against the champion's reference, store in one transaction —
/// on a fresh SQLite store with model v1 trained from data/. The browser's transfer comes on top.
/// Usage: ingestion [--rows 100000] [--repeats 3] [--data data] [--live-heap] [--without-band-indexes]
/// With --live-heap, the managed heap left alive after each run (after a full blocking collection) is printed too:
/// flat across many runs means the ingestion path keeps nothing per batch.
/// </summary>
public static class IngestionBenchmark
{
    public static int Run(string[] args)
    {
        var rows = Args.Int(args, "--rows", 100_000);
        var repeats = Args.Int(args, "--repeats", 3);
        var liveHeap = args.Contains("--live-heap");
        var data = Args.String(args, "--data", "data");
        var directory = Directory.CreateTempSubdirectory("leadscoring-ingestion-bench").FullName;
        try
        {
            return RunAsync(rows, repeats, data, directory, liveHeap, args).GetAwaiter().GetResult();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> RunAsync(int rows, int repeats, string data, string directory, bool liveHeap, string[] args)
    {
        var services = new ServiceCollection()
            .AddLeadScoringStorage(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(directory, "bench.db")}" })
            .AddLeadScoringCore(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        await using (var db = services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext())
        {
            await db.Database.MigrateAsync();
            if (args.Contains("--without-band-indexes"))
            {
                // What the indexes that sort large windows by score and latency cost the store stage: the same runs without them.
                foreach (var drop in new[] { "IX_predictions_score_band", "IX_predictions_inference_band", "IX_predictions_end_to_end_band" }
                    .Select(index => $"DROP INDEX \"{index}\""))
                {
                    await db.Database.ExecuteSqlRawAsync(drop);
                }
            }
        }
        var reference = LeadCsvReader.ReadFile(Path.Combine(data, "reference_leads.csv"));
        var registry = services.GetRequiredService<ModelRegistry>();
        var version = await registry.RegisterAsync(ModelVersionBuilder.Build(reference.RawRows, "bench").Version, "bench");
        await registry.PromoteAsync(version.Id);

        var csv = Path.Combine(directory, "upload.csv");
        LargeUpload.Write(data, rows, csv);
        var megabytes = new FileInfo(csv).Length / 1048576.0;
        Console.WriteLine($"ingestion benchmark: {rows:N0} raw leads, {megabytes:F1} MB CSV, {Environment.ProcessorCount} cores"
            + (args.Contains("--without-band-indexes") ? ", score and latency band indexes dropped" : ""));

        var ingestion = services.GetRequiredService<BatchIngestionService>();
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var stream = File.OpenRead(csv);
            // With --trace-memory: the resident set at each stage change, to see which stage holds memory.
            var stages = args.Contains("--trace-memory") ? new StageMemory(clock) : null;
            var result = await ingestion.IngestAsync(stream, "bench.csv", "bench", progress: stages);
            stages?.Print();
            times.Add(clock.Elapsed.TotalSeconds);
            var t = result.Timings;
            Console.WriteLine($"run {i + 1}: {result.Status}, {result.Validation.Rows:N0} rows in {clock.Elapsed.TotalSeconds:F2} s; drift {result.Drift?.AlertLevel}; "
                + (t is null ? "" : $"busy s: read {t.Receive.TotalSeconds:F2}, parse {t.Parse.TotalSeconds:F2}, features {t.Features.TotalSeconds:F2}, "
                    + $"score {t.Score.TotalSeconds:F2}, store {t.Store.TotalSeconds:F2}, drift {t.Drift.TotalSeconds:F2}, commit {t.Commit.TotalSeconds:F2}"));
            if (liveHeap)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                Console.WriteLine($"  live managed heap after run {i + 1}: {GC.GetTotalMemory(forceFullCollection: false) / 1048576.0:F1} MB; "
                    + $"process working set {Environment.WorkingSet / 1048576.0:F0} MB");
            }
        }
        times.Sort();
        Console.WriteLine($"median {times[times.Count / 2]:F2} s (min {times[0]:F2}, max {times[^1]:F2}) for {rows:N0} rows");
        return 0;
    }
}

/// <summary>The process's resident memory at each stage change of an upload.</summary>
internal sealed class StageMemory(Stopwatch clock) : IProgress<IngestionProgress>
{
    private readonly List<string> _lines = [];
    private string? _stage;

    public void Report(IngestionProgress value)
    {
        var rss = Environment.WorkingSet / 1048576.0;
        if (value.Stage != _stage || value.RowsStored % 131_072 < 4096)
        {
            _stage = value.Stage;
            lock (_lines)
            {
                _lines.Add($"  {clock.Elapsed.TotalSeconds,6:F2} s  {rss,6:F0} MB  {value.Stage} (stored {value.RowsStored:N0})");
            }
        }
    }

    public void Print()
    {
        lock (_lines)
        {
            _lines.ForEach(Console.WriteLine);
        }
    }
}

/// <summary>Tiny argument helpers shared by benchmarks.</summary>
internal static class Args
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    public static string String(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
