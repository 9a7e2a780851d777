using LeadScoring.Engine.Features;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Tests.Explanations.Infrastructure;

using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Explanations.Reader;

/// <summary>σ(margin) of the parsed ensemble against ONNX Runtime's served score, row by row.</summary>
public sealed class OnnxReaderParityTests
{
    // shared/data/original/README.md: ONNX Runtime vs XGBoost |Δ| ≤ 1e-6 expected (float32 summation order).
    private const double Tolerance = 1e-6;

    [SharedDataFact]
    public void Read_OriginalModel_IsTheBinaryLogisticClassifierTheReadmeDescribes()
    {
        var ensemble = OnnxTreeEnsembleReader.Read(TestData.OriginalModel());

        Assert.Equal(TreeEnsembleKind.BinaryLogisticClassifier, ensemble.Kind);
        Assert.Equal(47, ensemble.FeatureCount);
        Assert.Equal(255, ensemble.Trees.Count);
        Assert.Equal(561, ensemble.Trees.Sum(t => t.Nodes.Count));
        Assert.Equal(184, ensemble.Trees.Count(t => t.Nodes.Count == 1));
        Assert.Equal((double)0.5036004185676575f, ensemble.MarginOffset);
        Assert.True(ensemble.Trees.SelectMany(t => t.Nodes).Where(n => !n.IsLeaf)
            .All(n => n.Mode == BranchMode.Lt && !n.MissingGoesTrue));
        // README: the model splits on exactly these 13 features.
        string[] split =
        [
            "languages", "llm_industry", "industry", "companylocation", "summary_length", "location", "companyindustry",
            "llm_decision_maker", "jobtitle_length", "llm_business_type_others", "llm_seniority_Senior", "llm_quality",
            "llm_company_fit",
        ];
        Assert.Equal(split.Select(FeatureSchema.IndexOf).Order(), ensemble.SplitFeatures);
    }

    [SharedDataFact]
    public void Margin_OriginalModelOnRealAndCraftedLeads_MatchesOnnxRuntimeAndTheOriginalScores()
    {
        var model = TestData.OriginalModel();
        var ensemble = OnnxTreeEnsembleReader.Read(model);
        foreach (var table in new[] { TestData.PipelineOutput(), TestData.PartialOutput() })
        {
            var served = TestData.OnnxScores(model, table.Features);
            var original = table.Doubles("score");
            for (var i = 0; i < table.RowCount; i++)
            {
                var score = TreeEnsemble.Sigmoid(ensemble.Margin(table.Row(i)));
                Assert.True(Math.Abs(score - served[i]) <= Tolerance, $"row {i + 1}: {score:R} vs ORT {served[i]:R}");
                Assert.True(Math.Abs(score - original[i]) <= Tolerance, $"row {i + 1}: {score:R} vs original {original[i]:R}");
            }
        }
    }

    [SharedDataFact]
    public void Margin_OriginalModelWithNaNCells_FollowsOnnxRuntimesMissingValueRouting()
    {
        // The fixtures hold no NaN (features are imputed), so NaN goes into a third of the cells here.
        var model = TestData.OriginalModel();
        var ensemble = OnnxTreeEnsembleReader.Read(model);
        var features = TestData.WithNaNs([.. TestData.PipelineOutput().Features, .. TestData.PartialOutput().Features],
            0.3, seed: 7);
        var served = TestData.OnnxScores(model, features);
        var rows = new FeatureRows(features, 47);
        Assert.True(features.Count(double.IsNaN) > 3_000);
        for (var i = 0; i < rows.Count; i++)
        {
            var score = TreeEnsemble.Sigmoid(ensemble.Margin(rows.Row(i)));
            Assert.True(Math.Abs(score - served[i]) <= Tolerance, $"row {i + 1}: {score:R} vs ORT {served[i]:R}");
        }
    }

    [Fact]
    public void Margin_OwnTrainedModel_MatchesOnnxRuntimeOnReferenceScenarioAndNaNRows()
    {
        var model = TestData.TrainedModel.OnnxModel;
        var ensemble = OnnxTreeEnsembleReader.Read(model);
        Assert.Equal(TreeEnsembleKind.RegressorAffineSigmoid, ensemble.Kind);
        Assert.Equal(100, ensemble.Trees.Count);
        double[] features =
        [
            .. TestData.Reference().Features,
            .. TestData.Scenario("drift_quality_degradation").Features,
            .. TestData.WithNaNs(TestData.Scenario("drift_sector_shift").Features, 0.3, seed: 11),
        ];
        var served = TestData.OnnxScores(model, features);
        var rows = new FeatureRows(features, 47);
        var worst = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            worst = Math.Max(worst, Math.Abs(TreeEnsemble.Sigmoid(ensemble.Margin(rows.Row(i))) - served[i]));
        }
        Assert.True(worst <= Tolerance, $"largest |Δ| {worst:R}");
    }

    [SharedDataFact]
    public void Margin_OwnTrainedModelOnRealAndCraftedLeads_MatchesOnnxRuntime()
    {
        var model = TestData.TrainedModel.OnnxModel;
        var ensemble = OnnxTreeEnsembleReader.Read(model);
        foreach (var table in new[] { TestData.PipelineOutput(), TestData.PartialOutput() })
        {
            var served = TestData.OnnxScores(model, table.Features);
            for (var i = 0; i < table.RowCount; i++)
            {
                var score = TreeEnsemble.Sigmoid(ensemble.Margin(table.Row(i)));
                Assert.True(Math.Abs(score - served[i]) <= Tolerance, $"row {i + 1}: {score:R} vs ORT {served[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Margin_RandomRegressorGraphsWithEveryModeAndNaN_MatchOnnxRuntime(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 8; round++)
        {
            var spec = RandomEnsembles.Create(random, featureCount: 6, trees: random.Next(1, 12), maxDepth: 5, splitFeatures: 4,
                maxWeights: 1);
            var steps = Enumerable.Range(0, random.Next(0, 4)).Select(_ => new AffineStep(
                random.Next(2) == 0 ? "Mul" : "Add", (float)Math.Round(random.NextDouble() * 3 - 1.5, 3), random.Next(2) == 0)).ToArray();
            var aggregate = random.Next(3) == 0 ? "AVERAGE" : "SUM";
            float? baseValue = random.Next(3) == 0 ? null : (float)Math.Round(random.NextDouble() - 0.5, 3);
            var model = OnnxFixtures.Regressor(spec, random, steps, aggregate, baseValue);
            AssertParity(model, RandomEnsembles.Rows(random, 300, 6, nanShare: 0.2), TreeEnsembleKind.RegressorAffineSigmoid);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Margin_RandomClassifierGraphsWithEveryModeAndNaN_MatchOnnxRuntime(int seed)
    {
        var random = new Random(100 + seed);
        for (var round = 0; round < 8; round++)
        {
            var spec = RandomEnsembles.Create(random, featureCount: 6, trees: random.Next(1, 12), maxDepth: 5, splitFeatures: 4);
            float? baseValue = random.Next(3) == 0 ? null : (float)Math.Round(random.NextDouble() - 0.5, 3);
            var model = OnnxFixtures.Classifier(spec, random, baseValue);
            AssertParity(model, RandomEnsembles.Rows(random, 300, 6, nanShare: 0.2), TreeEnsembleKind.BinaryLogisticClassifier);
        }
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(2f)]
    public void Margin_ClassifierWithOnlyNonNegativeWeights_StillServesTheLogistic(float baseValue)
    {
        // ONNX Runtime's older sources wrote [1 − s, s] without the logistic when no weight was negative; 1.31 applies
        // σ like for any other binary classifier, so such models are read, not refused.
        var random = new Random(12);
        var spec = RandomEnsembles.Create(random, 6, 6, 4, 4);
        spec = new EnsembleSpec(6, [.. spec.Trees.Select(t => (IReadOnlyList<SpecNode>)
            [.. t.Select(n => n with { Weights = [.. n.Weights.Select(w => Math.Abs(w) / 10)] })])]);
        AssertParity(OnnxFixtures.Classifier(spec, random, baseValue), RandomEnsembles.Rows(random, 200, 6, 0.2),
            TreeEnsembleKind.BinaryLogisticClassifier);
    }

    [Fact]
    public void Margin_RandomEnsembleRebuiltFromItsOwnSpec_EqualsTheDirectlyBuiltEnsemble()
    {
        var random = new Random(5);
        var spec = RandomEnsembles.Create(random, 6, 10, 5, 4, maxWeights: 1);
        var read = OnnxTreeEnsembleReader.Read(OnnxFixtures.Regressor(spec, random, []));
        var direct = spec.ToEnsemble();
        var rows = new FeatureRows(RandomEnsembles.Rows(random, 200, 6, 0.2), 6);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(direct.Margin(rows.Row(i)), read.Margin(rows.Row(i)), 12);
        }
    }

    private static void AssertParity(byte[] model, double[] features, TreeEnsembleKind kind)
    {
        var ensemble = OnnxTreeEnsembleReader.Read(model);
        Assert.Equal(kind, ensemble.Kind);
        var served = TestData.OnnxScores(model, features);
        var rows = new FeatureRows(features, ensemble.FeatureCount);
        for (var i = 0; i < rows.Count; i++)
        {
            var score = TreeEnsemble.Sigmoid(ensemble.Margin(rows.Row(i)));
            Assert.True(Math.Abs(score - served[i]) <= Tolerance,
                $"row {i}: {score:R} vs ORT {served[i]:R} ({string.Join(", ", rows.Row(i).ToArray())})");
        }
    }
}
