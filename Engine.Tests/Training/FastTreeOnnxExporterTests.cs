using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;
using LeadScoring.Engine.Training.Onnx;

namespace LeadScoring.Engine.Tests.Training;

public sealed class FastTreeOnnxExporterTests
{
    // ML.NET sums leaf values in double; ONNX Runtime in float: agreement within 1e-5 (notes: ~1.2e-7 seen).
    private const double Tolerance = 1e-5;

    [Fact]
    public void Export_SyntheticModel_OnnxMatchesMlNetOnEveryRow()
    {
        var (features, labels) = SyntheticLeads.Create(2000, seed: 5);
        var model = new LeadModelTrainer().Train(features, labels);

        AssertParity(model, features);
    }

    [Fact]
    public void Export_RowsAtSplitThresholds_OnnxMatchesMlNet()
    {
        var (features, labels) = SyntheticLeads.Create(1000, seed: 9);
        var model = new LeadModelTrainer(new LeadModelTrainerOptions { NumberOfTrees = 60 }).Train(features, labels);
        var spec = FastTreeOnnxExporter.ToSpec(model.MlNetModel!.Parameters, 47);
        var rows = new List<double>();
        var baseRows = 5;
        foreach (var tree in spec.Trees)
        {
            for (var node = 0; node < tree.InternalNodeCount; node++)
            {
                var threshold = tree.Thresholds[node];
                // Exactly at the threshold (goes left: x <= t) and one float step either side.
                foreach (var value in new[] { threshold, MathF.BitDecrement(threshold), MathF.BitIncrement(threshold) })
                {
                    var row = features.AsSpan((rows.Count / 47 % baseRows) * 47, 47).ToArray();
                    row[tree.SplitFeatures[node]] = value;
                    rows.AddRange(row);
                }
            }
        }
        Assert.True(rows.Count / 47 > 300, "the model should have many splits");

        AssertParity(model, [.. rows]);
    }

    [Fact]
    public void Export_NaNRows_GoRightInBothAndMatch()
    {
        var (features, labels) = SyntheticLeads.Create(1000, seed: 13);
        var model = new LeadModelTrainer(new LeadModelTrainerOptions { NumberOfTrees = 60 }).Train(features, labels);
        var random = new Random(1);
        var rows = features.AsSpan(0, 200 * 47).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            if (random.NextDouble() < 0.3)
            {
                rows[i] = double.NaN;
            }
        }
        var allNaN = Enumerable.Repeat(double.NaN, 47).ToArray();

        AssertParity(model, [.. rows, .. allNaN]);
    }

    [Fact]
    public void Export_GraphUsesDocumentedSignatureAndOpsets()
    {
        var (features, labels) = SyntheticLeads.Create(300, seed: 2);
        var model = new LeadModelTrainer(new LeadModelTrainerOptions { NumberOfTrees = 10 }).Train(features, labels);

        var proto = LeadScoring.Engine.Training.Onnx.Proto.ModelProto.Parser.ParseFrom(model.OnnxModel);

        Assert.Equal(8, proto.IrVersion);
        Assert.Equal([("", 15L), ("ai.onnx.ml", 3L)], proto.OpsetImport.Select(o => (o.Domain, o.Version)));
        Assert.Equal(["TreeEnsembleRegressor", "Mul", "Add", "Sigmoid"], proto.Graph.Node.Select(n => n.OpType));
        Assert.Equal("BRANCH_LEQ", proto.Graph.Node[0].Attribute.Single(a => a.Name == "nodes_modes")
            .Strings.Select(s => s.ToStringUtf8()).First(m => m != "LEAF"));
        using var scorer = OnnxScorer.FromBytes(model.OnnxModel);
        Assert.Equal(("input", "probability", OnnxOutputKind.Probability),
            (scorer.InputName, scorer.OutputName, scorer.OutputKind));
    }

    private static void AssertParity(TrainedModel model, double[] rows)
    {
        var expected = model.MlNetModel!.PredictProbabilities(rows);
        using var scorer = OnnxScorer.FromBytes(model.OnnxModel);
        var batch = scorer.ScoreBatch(rows).Probabilities;
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var single = scorer.ScoreOne(rows.AsSpan(i * 47, 47));
            worst = Math.Max(worst, Math.Max(Math.Abs(batch[i] - expected[i]), Math.Abs(single - expected[i])));
            Assert.True(Math.Abs(batch[i] - expected[i]) <= Tolerance,
                $"row {i + 1}: onnx {batch[i]:R} vs ML.NET {expected[i]:R}");
            Assert.True(Math.Abs(single - expected[i]) <= Tolerance, $"row {i + 1} (single)");
        }
        Assert.True(worst <= Tolerance, $"max |Δ| {worst}");
    }
}
