using System.Diagnostics;
using System.Globalization;
using LeadScoring.Core.Models;
using LeadScoring.Core.Performance;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Metrics;

namespace LeadScoring.Benchmarks.Performance;

/// <summary>
/// The performance computation for a 30-day window: 1,000,000 predictions, the oldest 300,000 labelled, daily buckets.
/// Times <see cref="PerformanceService.Compute"/> (what the server runs after reading the rows: realized metrics with
/// a 1,000-resample stratified bootstrap for the window and for each day, CBPE per day, flags, calibration, gains and
/// the capacity planner) and the window-only form (one realized result with intervals + CBPE per day). Writes the
/// same data for the numpy/scikit-learn peer:
///
///   dotnet run -c Release --project Benchmarks -- performance [--runs 5] [--data DIR]
///   /usr/bin/python3 Benchmarks/python/performance_peer.py DIR
/// </summary>
public static class PerformanceBenchmark
{
    private const int RowCount = 1_000_000;
    private const int Labelled = 300_000;
    private const int Days = 30;
    private const int ReferenceRows = 20_000;

    public static int Run(string[] args)
    {
        var runs = 5;
        var dataDir = Path.Combine(Path.GetTempPath(), "leadscoring-performance-bench");
        for (var a = 0; a < args.Length; a++)
        {
            if (args[a] == "--runs") { runs = int.Parse(args[++a], CultureInfo.InvariantCulture); }
            else if (args[a] == "--data") { dataDir = args[++a]; }
        }
        var data = BenchData.Create(seed: 7);
        data.Write(dataDir);
        Console.WriteLine($"data for the peer: {dataDir}  ({RowCount:N0} predictions over {Days} days, {Labelled:N0} labelled, {ReferenceRows:N0} reference rows; {Environment.ProcessorCount} cores)");

        var fit = Stopwatch.StartNew();
        var reference = PerformanceReference.Fit(new LabelledScores(data.ReferenceScores, data.ReferenceLabels), 0.5);
        Console.WriteLine($"CBPE fit on the reference (once per model version, at registration): {fit.Elapsed.TotalMilliseconds:F0} ms; calibration {reference.Cbpe()!.Calibration}");

        var version = new ModelVersionInfo(1, 1, "bench", DateTime.UtcNow, "bench", ModelStatus.Champion, "trained", 0.5, null, null, null);
        var rule = new LabelRule(30, AbsentMeansNegative: false);
        var settings = new PerformanceOptions();
        var prepared = PreparedReference.Prepare(reference, new RealizedOptions());
        var query = new PerformanceQuery(new TimeWindow(data.Rows[0].TimestampMs, data.Rows[^1].TimestampMs + 1), ChunkPeriod.Day);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(data.Rows[^1].TimestampMs).AddDays(1);

        Time("PerformanceService.Compute, weekly buckets (the page's default), all views", runs, () =>
        {
            var report = PerformanceService.Compute(query with { Bucket = ChunkPeriod.Week }, version, rule, settings, prepared, data.Rows, false, now);
            return $"{report.Buckets.Count} buckets";
        });
        Time("PerformanceService.Compute, 30 daily buckets, all views", runs, () =>
        {
            var report = PerformanceService.Compute(query, version, rule, settings, prepared, data.Rows, false, now);
            var realized = (RealizedMetrics)report.Realized;
            var auc = (MetricEstimate)realized.RocAuc;
            return $"{report.Buckets.Count} buckets, AUC {auc.Value:F4} [{auc.Lower:F4}, {auc.Upper:F4}], day-0 CBPE F1 {report.Buckets[0].Estimated!.Estimated.F1:F4}";
        });
        var cbpe = reference.Cbpe()!;
        var outcomes = data.Rows.Select(r => r.Actual is { } a ? (sbyte)a : (sbyte)-1).ToArray();
        var scores = data.Rows.Select(r => r.Score).ToArray();
        var times = data.Rows.Select(r => DateTimeOffset.FromUnixTimeMilliseconds(r.TimestampMs).UtcDateTime).ToArray();
        Time("window only: realized with intervals + CBPE per day (PerformanceEngine.Analyze)", runs, () =>
        {
            var result = Engine.Performance.PerformanceEngine.Analyze(cbpe, scores, outcomes, Chunking.ByPeriod(times, ChunkPeriod.Day));
            var f1 = (MetricEstimate)((RealizedMetrics)result.Realized).F1;
            return $"{result.Chunks.Count} chunks, F1 {f1.Value:F4} [{f1.Lower:F4}, {f1.Upper:F4}]";
        });
        if (args.Contains("--parts"))
        {
            var labelledScores = scores.Take(Labelled).ToArray();
            var labels = outcomes.Take(Labelled).Select(o => (int)o).ToArray();
            var chunks = Chunking.ByPeriod(times, ChunkPeriod.Day);
            Time("part: chunking by day", runs, () => "");
            Time("part: realized, 33k labelled (one day)", runs, () => { RealizedCalculator.Compute(labelledScores.AsSpan(0, 33_333), labels.AsSpan(0, 33_333)); return ""; });
            Time("part: realized, 300k labelled (window)", runs, () => { RealizedCalculator.Compute(labelledScores, labels); return ""; });
            Time("part: realized, 20k reference", runs, () => { RealizedCalculator.Compute(data.ReferenceScores, data.ReferenceLabels); return ""; });
            Time("part: CBPE estimate, 1M rows, 30 chunks", runs, () => { CbpeEstimator.Estimate(cbpe, scores, outcomes, chunks); return ""; });
            Time("part: gains, 1M", runs, () => { Engine.Performance.Business.BusinessView.Gains(cbpe, scores, outcomes); return ""; });
            Time("part: top-k, 1M", runs, () => { Engine.Performance.Business.BusinessView.TopK(cbpe, scores, outcomes, [50]); return ""; });
            Time("part: capacity, 233k", runs, () => { Engine.Performance.Business.BusinessView.PlanCapacity(cbpe, scores.AsSpan(766_000), 7, 50); return ""; });
            Time("part: reliability 300k", runs, () => { Engine.Performance.Calibration.CalibrationAnalysis.ReliabilityDiagram(labelledScores, labels); return ""; });
        }
        return 0;
    }

    private static void Time(string label, int runs, Func<string> work)
    {
        var times = new List<double>();
        string summary = "";
        for (var r = 0; r < runs + 1; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            summary = work();
            if (r > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: median {times[times.Count / 2]:F0} ms (min {times[0]:F0}, max {times[^1]:F0}, {runs} runs after 1 warm-up); {summary}"));
    }

    /// <summary>Deterministic window: logit-normal scores (float32 like ONNX output), an over-confident model, labels on the oldest rows.</summary>
    private sealed class BenchData
    {
        public required ScoredPrediction[] Rows { get; init; }
        public required double[] ReferenceScores { get; init; }
        public required int[] ReferenceLabels { get; init; }

        public static BenchData Create(int seed)
        {
            var random = new Random(seed);
            var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            var rows = new ScoredPrediction[RowCount];
            for (var i = 0; i < RowCount; i++)
            {
                var t = (double)i / RowCount * Days;
                var score = (double)(float)(1 / (1 + Math.Exp(-(-0.4 + 0.15 * t / Days + 1.1 * Gaussian(random)))));
                int? label = i < Labelled ? (random.NextDouble() < Truth(score) ? 1 : 0) : null;
                rows[i] = new ScoredPrediction(start + (long)(t * 86_400_000), score, label);
            }
            var referenceScores = new double[ReferenceRows];
            var referenceLabels = new int[ReferenceRows];
            for (var i = 0; i < ReferenceRows; i++)
            {
                referenceScores[i] = (float)(1 / (1 + Math.Exp(-(-0.4 + 1.1 * Gaussian(random)))));
                referenceLabels[i] = random.NextDouble() < Truth(referenceScores[i]) ? 1 : 0;
            }
            return new BenchData { Rows = rows, ReferenceScores = referenceScores, ReferenceLabels = referenceLabels };
        }

        /// <summary>The true conversion probability: the model is over-confident.</summary>
        private static double Truth(double score) => 1 / (1 + Math.Exp(-(0.7 * Math.Log(score / (1 - score)) - 0.3)));

        public void Write(string directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(Path.Combine(directory, "scores.f64"), Bytes(Rows.Select(r => r.Score).ToArray()));
            File.WriteAllBytes(Path.Combine(directory, "outcomes.i8"), Rows.Select(r => (byte)(sbyte)(r.Actual ?? -1)).ToArray());
            File.WriteAllBytes(Path.Combine(directory, "timestamps.i64"), Bytes(Rows.Select(r => r.TimestampMs).ToArray()));
            File.WriteAllBytes(Path.Combine(directory, "reference_scores.f64"), Bytes(ReferenceScores));
            File.WriteAllBytes(Path.Combine(directory, "reference_labels.i32"), Bytes(ReferenceLabels));
        }

        private static byte[] Bytes<T>(T[] values) where T : struct =>
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

        private static double Gaussian(Random random)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
