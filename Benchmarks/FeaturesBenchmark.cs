using System.Diagnostics;
using System.Text;
using LeadScoring.Engine.DemoData;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Benchmarks;

/// <summary>
/// Feature pipeline and CSV ingestion throughput on demo leads:
/// dotnet run -c Release --project Benchmarks -- features [rows=100000]
/// </summary>
public static class FeaturesBenchmark
{
    public static int Run(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var reference = DemoDataGenerator.GenerateReference();
        var state = new FeaturePipeline().Fit(reference);
        var leads = Enumerable.Range(0, rows).Select(i => reference[i % reference.Count]).ToArray();

        var doubles = new double[rows * FeatureSchema.Count];
        var floats = new float[rows * FeatureSchema.Count];
        Report($"TransformBatch double, {rows} rows", () => state.TransformBatch(leads, doubles));
        Report($"TransformBatch float32, {rows} rows", () => state.TransformBatch(leads, floats));
        Report("Transform single row (x10,000)", () =>
        {
            Span<double> row = stackalloc double[FeatureSchema.Count];
            for (var i = 0; i < 10_000; i++)
            {
                state.Transform(leads[i % rows], row);
            }
        });

        var csv = new StringWriter();
        LeadCsvWriter.WriteRaw(csv, leads, includeLabel: true);
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        Report($"LeadCsvReader raw, {rows} rows, {bytes.Length / 1_000_000.0:F1} MB", () => LeadCsvReader.Read(new MemoryStream(bytes)));

        var processed = new StringWriter();
        LeadCsvWriter.WriteProcessed(processed, doubles);
        var processedBytes = Encoding.UTF8.GetBytes(processed.ToString());
        Report($"LeadCsvReader processed, {rows} rows, {processedBytes.Length / 1_000_000.0:F1} MB", () => LeadCsvReader.Read(new MemoryStream(processedBytes)));
        return 0;
    }

    private static void Report(string name, Action action)
    {
        action(); // warm-up
        var times = new double[5];
        for (var i = 0; i < times.Length; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            times[i] = stopwatch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{name}: median {times[2]:F1} ms (min {times[0]:F1}, max {times[^1]:F1})");
    }
}
