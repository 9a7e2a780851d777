// Benchmarks are plain timed runs (Stopwatch, warm-up, median of repeats) rather than unit tests, so figures
// come from a Release build on the real machine: dotnet run -c Release --project Benchmarks -- <name> [options]
namespace LeadScoring.Benchmarks;

public static class Program
{
    private static readonly Dictionary<string, Func<string[], int>> s_benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        // Each area registers its benchmark here, e.g. ["drift"] = DriftBenchmark.Run.
        ["scoring"] = Scoring.ScoringBenchmark.Run,
        ["features"] = FeaturesBenchmark.Run,
        ["drift"] = Drift.DriftBenchmark.Run,
        ["window-drift"] = Drift.WindowDriftBenchmark.Run,
        ["ingestion"] = Ingestion.IngestionBenchmark.Run,
        ["upload-e2e"] = Upload.UploadEndToEndBenchmark.Run,
        ["page-queries"] = PageQueries.PageQueriesBenchmark.Run,
        ["performance"] = Performance.PerformanceBenchmark.Run,
        ["explain"] = Explanations.ExplainBenchmark.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !s_benchmarks.TryGetValue(args[0], out var run))
        {
            Console.Error.WriteLine($"usage: LeadScoring.Benchmarks <{string.Join('|', s_benchmarks.Keys)}> [options]");
            Console.Error.WriteLine("  page-queries and window-drift take --store sqlite|postgres (default sqlite; postgres needs LEADSCORING_TEST_POSTGRES)");
            return 2;
        }
        try
        {
            return run(args[1..]);
        }
        catch (BenchUsageException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}
