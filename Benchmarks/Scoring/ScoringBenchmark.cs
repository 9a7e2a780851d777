using LeadScoring.Engine.Features;
using System.Diagnostics;
using System.Globalization;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;
using Sylvan.Data.Csv;

namespace LeadScoring.Benchmarks.Scoring;

/// <summary>
/// Scoring and retraining figures: batch throughput on one ONNX Runtime thread (original XGBoost model and a
/// 100-tree model of ours), single-row latency, and retraining time on 5,000 rows.
/// Usage: dotnet run -c Release --project Benchmarks -- scoring [--shared DIR] [--rows N] [--repeats R]
/// </summary>
public static class ScoringBenchmark
{
    private const double BatchTargetRowsPerSecond = 500_000;
    private const double RetrainTargetSeconds = 10;

    public static int Run(string[] args)
    {
        var shared = Option(args, "--shared") ?? FindShared();
        var rows = int.Parse(Option(args, "--rows") ?? "100000", CultureInfo.InvariantCulture);
        var repeats = int.Parse(Option(args, "--repeats") ?? "7", CultureInfo.InvariantCulture);
        var leaves = int.Parse(Option(args, "--leaves") ?? "8", CultureInfo.InvariantCulture);
        var chunk = int.Parse(Option(args, "--chunk") ?? "4096", CultureInfo.InvariantCulture);
        if (shared is null || !File.Exists(Path.Combine(shared, "data", "original", "model.onnx")))
        {
            Console.Error.WriteLine("../shared not found; pass --shared <dir> (it holds data/original/model.onnx).");
            return 2;
        }
        var real = ProcessedFeatureCsv.ReadFile(Path.Combine(shared, "data", "original", "pipeline_output.csv"),
            FeatureSchema.Names);
        var labels = ReadEngaged(Path.Combine(shared, "data", "linkedin_leads_clean.csv"));
        var batch = Tile(real.Features, real.RowCount, rows);
        var ok = true;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"batch: {rows:N0} processed rows x 47 (the 303 real rows tiled), IntraOpNumThreads = 1, median of {repeats}");

        var single = new OnnxScorerOptions { IntraOpNumThreads = 1, ChunkRows = chunk };
        using (var original = OnnxScorer.Load(Path.Combine(shared, "data", "original", "model.onnx"), single))
        {
            ok &= ReportBatch("original XGBoost (255 trees)", original, batch, repeats);
            ReportSingleRow("original XGBoost", original, real);
        }

        var (synthetic, syntheticLabels) = Resample(real.Features, labels, 5000, seed: 17);
        var trainTimes = new List<double>();
        TrainedModel? model = null;
        for (var i = 0; i < 3; i++)
        {
            var start = Stopwatch.GetTimestamp();
            model = new LeadModelTrainer(new LeadModelTrainerOptions { NumberOfTrees = 100, NumberOfLeaves = leaves }).Train(synthetic, syntheticLabels);
            trainTimes.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        var trainMedian = Median(trainTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"retrain 5,000 rows (100 trees, split+fit+threshold+metrics+ONNX export): median {trainMedian:F2} s " +
            $"(runs {string.Join(", ", trainTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} s; first includes JIT) " +
            $"target < {RetrainTargetSeconds} s: {Verdict(trainMedian < RetrainTargetSeconds)}"));
        ok &= trainMedian < RetrainTargetSeconds;

        using (var ours = OnnxScorer.FromBytes(model!.OnnxModel, single))
        {
            ok &= ReportBatch($"ours FastTree ({model.Description.TreeCount} trees)", ours, batch, repeats);
            ReportSingleRow("ours FastTree", ours, real);
        }

        using var holder = new ChampionHolder();
        holder.Swap(ScoringModel.LoadOnnx(Path.Combine(shared, "data", "original", "model.onnx"), "0.3.0", options: single));
        ReportHolder(holder, real);
        Console.WriteLine(ok ? "all targets met" : "SOME TARGETS MISSED");
        return ok ? 0 : 1;
    }

    private static bool ReportBatch(string name, OnnxScorer scorer, double[] batch, int repeats)
    {
        var destination = new double[batch.Length / 47];
        scorer.Score(batch, destination); // warm-up
        var rates = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var elapsed = scorer.Score(batch, destination);
            rates.Add(destination.Length / elapsed.TotalSeconds);
        }
        var median = Median(rates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch {name}: median {median:N0} rows/s ({destination.Length / median * 1000:F1} ms per {destination.Length:N0}), " +
            $"min {rates.Min():N0}, max {rates.Max():N0}; target >= {BatchTargetRowsPerSecond:N0}: {Verdict(median >= BatchTargetRowsPerSecond)}"));
        return median >= BatchTargetRowsPerSecond;
    }

    private static void ReportSingleRow(string name, IScorer scorer, ProcessedFeatureTable real)
    {
        const int calls = 50_000;
        for (var i = 0; i < 2_000; i++)
        {
            scorer.ScoreOne(real.Row(i % real.RowCount));
        }
        var times = new double[calls];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            scorer.ScoreOne(real.Row(i % real.RowCount));
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single row {name}: p50 {times[calls / 2]:F1} us, p99 {times[calls * 99 / 100]:F1} us, " +
            $"mean {times.Average():F1} us, {allocated:F0} B allocated per call ({calls:N0} calls)"));
    }

    private static void ReportHolder(ChampionHolder holder, ProcessedFeatureTable real)
    {
        const int calls = 50_000;
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using (var lease = holder.Acquire())
            {
                lease.Model.Scorer.ScoreOne(real.Row(i % real.RowCount));
            }
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single row through ChampionHolder lease (original): p50 {times[calls / 2]:F1} us, p99 {times[calls * 99 / 100]:F1} us"));
    }

    /// <summary>5,000 rows resampled from the real ones; non-flag features get ±5 % multiplicative noise.</summary>
    private static (double[] Features, int[] Labels) Resample(double[] features, int[] labels, int rows, int seed)
    {
        var random = new Random(seed);
        var result = new double[rows * 47];
        var resultLabels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var source = random.Next(labels.Length);
            resultLabels[r] = labels[source];
            for (var j = 0; j < 47; j++)
            {
                var value = features[source * 47 + j];
                result[r * 47 + j] = value is 0 or 1 ? value : value * (1 + 0.05 * (random.NextDouble() * 2 - 1));
            }
        }
        return (result, resultLabels);
    }

    private static double[] Tile(double[] features, int sourceRows, int rows)
    {
        var result = new double[rows * 47];
        for (var r = 0; r < rows; r++)
        {
            Array.Copy(features, r % sourceRows * 47, result, r * 47, 47);
        }
        return result;
    }

    private static int[] ReadEngaged(string path)
    {
        using var csv = CsvDataReader.Create(path);
        var column = csv.GetOrdinal("engaged");
        var labels = new List<int>();
        while (csv.Read())
        {
            labels.Add((int)double.Parse(csv.GetString(column), CultureInfo.InvariantCulture));
        }
        return [.. labels];
    }

    private static string? FindShared()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LeadScoring.Dashboard.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                }
            }
        }
        return null;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";
}
