using System.Diagnostics;
using System.Globalization;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;

namespace LeadScoring.Benchmarks.Explanations;

/// <summary>
/// Exact interventional TreeSHAP: 1,000 leads against 200 background rows (both from data/reference_leads.processed.csv)
/// on the app's model (FastTree, 100 trees) and the original XGBoost model, beside the brute-force subset enumeration
/// of the same Shapley values (timed on leads it can finish, extrapolated to all 1,000).
///
///   dotnet run -c Release --project Benchmarks -- explain [--runs 15] [--exact-leads 20]
/// </summary>
public static class ExplainBenchmark
{
    public static int Run(string[] args)
    {
        int Option(string name, int fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var runs = Option("--runs", 15);
        var exactLeads = Option("--exact-leads", 20);
        var root = RepositoryPaths.Root();
        var referenceTable = ProcessedFeatureCsv.ReadFile(Path.Combine(root, "data", "reference_leads.processed.csv"), FeatureSchema.Names, ["engaged"]);
        var reference = FeatureRows.From(referenceTable);
        var background = BackgroundSample.Draw(reference, BackgroundSample.DefaultSize, BackgroundSample.DefaultSeed);
        var leads = BackgroundSample.Draw(reference, 1_000, seed: 1);
        var labels = referenceTable.ExtraColumns["engaged"].Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var options = LeadModelTrainerOptions.For(referenceTable.RowCount);
        var trained = new LeadModelTrainer(options).Train(referenceTable.Features, labels);
        var results = new List<string[]>
        {
            Measure($"own FastTree ({options.NumberOfTrees} trees, ≤{options.NumberOfLeaves} leaves)", trained.OnnxModel, leads, background, runs, exactLeads),
        };
        var original = Path.Combine(root, "..", "shared", "data", "original", "model.onnx");
        if (File.Exists(original))
        {
            results.Add(Measure("original XGBoost", File.ReadAllBytes(original), leads, background, runs, exactLeads));
        }
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {runs} timed runs (median), " +
            "1,000 leads and 200 background rows drawn from data/reference_leads.processed.csv.");
        string[] header =
        [
            "model", "leaves (max features/path)", "precompute (ms)", "1,000 leads, parallel (ms)", "1,000 leads, 1 thread (ms)",
            "players per lead (min–max)", "exact enumeration, 1,000 leads", "max |φ − exact|",
        ];
        Console.WriteLine("| " + string.Join(" | ", header) + " |");
        Console.WriteLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in results)
        {
            Console.WriteLine("| " + string.Join(" | ", row) + " |");
        }
        return 0;
    }

    private static string[] Measure(string name, byte[] onnx, FeatureRows leads, FeatureRows background, int runs, int exactLeads)
    {
        var ensemble = OnnxTreeEnsembleReader.Read(onnx);
        using (var scorer = OnnxScorer.FromBytes(onnx))
        {
            var served = scorer.ScoreBatch(leads.Values).Probabilities;
            var worst = Enumerable.Range(0, leads.Count).Max(r => Math.Abs(ensemble.Score(leads.Row(r)) - served[r]));
            Console.Error.WriteLine($"{name}: max |σ(margin) − ONNX Runtime| over the 1,000 leads = {worst:E2}");
        }
        var build = Median(runs, () => Explainer.Create(ensemble, background));
        var explainer = Explainer.Create(ensemble, background);
        explainer.ExplainMany(leads); // warm-up
        var parallel = Median(runs, () => explainer.ExplainMany(leads));
        var single = Median(Math.Max(3, runs / 3), () => explainer.ExplainMany(leads, maxDegreeOfParallelism: 1));
        var batch = explainer.ExplainMany(leads);

        // Brute force: 2^players · 200 model evaluations per lead. Timed on the first leads whose player count is
        // feasible, then extrapolated to all 1,000 from the measured time per model evaluation.
        var players = Enumerable.Range(0, leads.Count).Select(r => ExactShapley.Players(ensemble, leads.Row(r), background).Length).ToArray();
        var feasible = Enumerable.Range(0, leads.Count).Where(r => players[r] <= 14).Take(exactLeads).ToArray();
        var worstDiff = 0.0;
        var stopwatch = Stopwatch.StartNew();
        double evaluations = 0;
        foreach (var r in feasible)
        {
            var exact = ExactShapley.Compute(ensemble, leads.Row(r), background, maxPlayers: 14);
            evaluations += Math.Pow(2, players[r]) * background.Count;
            var fast = batch.PhiOf(r);
            for (var j = 0; j < exact.Length; j++)
            {
                worstDiff = Math.Max(worstDiff, Math.Abs(exact[j] - fast[j]));
            }
        }
        var checkedLeads = feasible.Length;
        if (feasible.Length == 0)
        {
            // Every lead has too many players to enumerate. Time the same enumeration code on reduced games instead: the
            // 200 background rows made equal to the lead outside 12 split features (12 players), checked against the fast
            // explainer built on that reduced background.
            var random = new Random(2);
            foreach (var r in Enumerable.Range(0, Math.Max(1, exactLeads / 4)))
            {
                var keep = ensemble.SplitFeatures.OrderBy(_ => random.Next()).Take(12).ToHashSet();
                var reduced = (double[])background.Values.Clone();
                for (var b = 0; b < background.Count; b++)
                {
                    for (var j = 0; j < background.FeatureCount; j++)
                    {
                        if (!keep.Contains(j))
                        {
                            reduced[b * background.FeatureCount + j] = leads.Row(r)[j];
                        }
                    }
                }
                var reducedRows = new FeatureRows(reduced, background.FeatureCount);
                var n = ExactShapley.Players(ensemble, leads.Row(r), reducedRows).Length;
                var exact = ExactShapley.Compute(ensemble, leads.Row(r), reducedRows, maxPlayers: 14);
                evaluations += Math.Pow(2, n) * background.Count;
                var fast = Explainer.Create(ensemble, reducedRows).Explain(leads.Row(r)).Phi;
                worstDiff = Math.Max(worstDiff, exact.Zip(fast).Max(p => Math.Abs(p.First - p.Second)));
                checkedLeads++;
            }
        }
        var exactMs = stopwatch.Elapsed.TotalMilliseconds;
        var perEvaluation = exactMs / evaluations;
        var allEvaluations = players.Sum(p => Math.Pow(2, p) * background.Count);
        var extrapolated = perEvaluation * allEvaluations;
        var exactText = feasible.Length == leads.Count
            ? Format($"{exactMs:F0} ms measured")
            : feasible.Length > 0
                ? Format($"≈ {Human(extrapolated)} (extrapolated: {feasible.Length} leads timed in {exactMs:F0} ms, {perEvaluation * 1e6:F0} ns per model evaluation × {allEvaluations:E2} evaluations)")
                : Format($"≈ {Human(extrapolated)} (extrapolated: {checkedLeads} reduced 12-player games timed in {exactMs:F0} ms, {perEvaluation * 1e6:F0} ns per model evaluation × {allEvaluations:E2} evaluations)");
        return
        [
            name,
            Format($"{explainer.Statistics.Leaves} ({explainer.Statistics.MaxPathFeatures})"),
            Format($"{build:F1}"),
            Format($"{parallel:F1}"),
            Format($"{single:F1}"),
            Format($"{players.Min()}–{players.Max()}"),
            exactText,
            Format($"{worstDiff:E1} ({checkedLeads} {(feasible.Length > 0 ? "leads" : "reduced games")})"),
        ];
    }

    private static double Median(int count, Action action)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return count % 2 == 1 ? times[count / 2] : (times[count / 2 - 1] + times[count / 2]) / 2;
    }

    private static string Human(double ms) => ms switch
    {
        < 1e3 => Format($"{ms:F0} ms"),
        < 3.6e6 => Format($"{ms / 1e3:F0} s"),
        < 8.64e7 => Format($"{ms / 3.6e6:F1} h"),
        < 3.156e10 => Format($"{ms / 8.64e7:F1} days"),
        _ => Format($"{ms / 3.156e10:F1} years"),
    };

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
