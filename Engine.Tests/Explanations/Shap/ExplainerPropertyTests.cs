using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Tests.Explanations.Infrastructure;

using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Explanations.Shap;

/// <summary>Local accuracy against ONNX Runtime, the Shapley axioms, determinism and thread safety.</summary>
public sealed class ExplainerPropertyTests
{
    private const double ScoreTolerance = 1e-6;

    [SharedDataFact]
    public void Explain_OriginalModelOnRealAndCraftedLeads_AddsUpToTheServedScore()
    {
        var model = TestData.OriginalModel();
        var explainer = Explainer.Create(OnnxTreeEnsembleReader.Read(model),
            BackgroundSample.Draw(TestData.Rows(TestData.PipelineOutput())));
        Assert.Equal(200, explainer.BackgroundCount);
        foreach (var table in new[] { TestData.PipelineOutput(), TestData.PartialOutput() })
        {
            AssertLocalAccuracy(explainer, model, TestData.Rows(table), table.Doubles("score"));
        }
    }

    [Fact]
    public void Explain_OwnTrainedModelOnReferenceAndScenarioLeads_AddsUpToTheServedScore()
    {
        var model = TestData.TrainedModel.OnnxModel;
        var reference = TestData.Rows(TestData.Reference());
        var explainer = Explainer.Create(OnnxTreeEnsembleReader.Read(model), BackgroundSample.Draw(reference));
        AssertLocalAccuracy(explainer, model, reference, null);
        AssertLocalAccuracy(explainer, model, TestData.Rows(TestData.Scenario("drift_quality_degradation")), null);
        AssertLocalAccuracy(explainer, model,
            new FeatureRows(TestData.WithNaNs(TestData.Scenario("drift_sector_shift").Features, 0.3, 4), 47), null);
    }

    [SharedDataFact]
    public void Explain_OwnTrainedModelOnRealAndCraftedLeads_AddsUpToTheServedScore()
    {
        var model = TestData.TrainedModel.OnnxModel;
        var explainer = Explainer.Create(OnnxTreeEnsembleReader.Read(model), BackgroundSample.Draw(TestData.Rows(TestData.Reference())));
        AssertLocalAccuracy(explainer, model, TestData.Rows(TestData.PipelineOutput()), null);
        AssertLocalAccuracy(explainer, model, TestData.Rows(TestData.PartialOutput()), null);
    }

    [Fact]
    public void Explain_TwoFeaturesUsedIdentically_GetEqualValues()
    {
        // Every tree has a mirror with features 0 and 1 swapped, and x and every b have x0 = x1: a symmetric game.
        var random = new Random(3);
        var spec = RandomEnsembles.Create(random, 5, 4, 4, splitFeatures: 5);
        var mirrored = spec.Trees.Select(t => (IReadOnlyList<SpecNode>)[.. t.Select(n => n.IsLeaf ? n : n with
        {
            Feature = n.Feature switch { 0 => 1, 1 => 0, _ => n.Feature },
        })]);
        var ensemble = new EnsembleSpec(5, [.. spec.Trees, .. mirrored]).ToEnsemble();
        var background = Symmetric(RandomEnsembles.Rows(random, 20, 5, 0.1));
        var rows = Symmetric(RandomEnsembles.Rows(random, 30, 5, 0.1));
        var explainer = Explainer.Create(ensemble, background);
        var nonZero = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var phi = explainer.Explain(rows.Row(r)).Phi;
            Assert.Equal(phi[0], phi[1], 12);
            nonZero += Math.Abs(phi[0]) > 1e-6 ? 1 : 0;
        }
        Assert.True(nonZero > 5);

        static FeatureRows Symmetric(double[] values)
        {
            for (var i = 0; i < values.Length; i += 5)
            {
                values[i + 1] = values[i];
            }
            return new FeatureRows(values, 5);
        }
    }

    [Fact]
    public void Explain_UnusedFeatureOrFeatureEqualEverywhere_GetsExactlyZero()
    {
        var random = new Random(4);
        var spec = RandomEnsembles.Create(random, 6, 6, 4, splitFeatures: 4); // features 4 and 5 never split
        var ensemble = spec.ToEnsemble();
        var background = RandomEnsembles.Rows(random, 25, 6, 0.1);
        var rows = RandomEnsembles.Rows(random, 25, 6, 0.1);
        for (var i = 0; i < background.Length; i += 6)
        {
            background[i + 2] = 0.25; // feature 2 is split on, but the same in x and every b
        }
        for (var i = 0; i < rows.Length; i += 6)
        {
            rows[i + 2] = 0.25;
        }
        var explainer = Explainer.Create(ensemble, new FeatureRows(background, 6));
        var frame = new FeatureRows(rows, 6);
        for (var r = 0; r < frame.Count; r++)
        {
            var e = explainer.Explain(frame.Row(r));
            Assert.Equal(0.0, e.Phi[2]);
            Assert.Equal(0.0, e.Phi[4]);
            Assert.Equal(0.0, e.Phi[5]);
            Assert.Equal(e.Margin - e.BaseValue, e.Phi.Sum(), 12); // efficiency
        }
    }

    [Fact]
    public void Explain_SingleSplitGame_HasTheTextbookValues()
    {
        // f = 1 if x0 ≤ 0.5 and x1 ≤ 0.5 else 0; x = (0, 0); background {(1, 1)}: φ0 = φ1 = 1/2.
        // With background {(1, 0)}: only x0 matters, φ0 = 1, φ1 = 0.
        var tree = new DecisionTree(
        [
            TreeNode.Split(0, 0.5f, BranchMode.Leq, false, 1, 2),
            TreeNode.Split(1, 0.5f, BranchMode.Leq, false, 3, 4),
            TreeNode.Leaf(0),
            TreeNode.Leaf(1),
            TreeNode.Leaf(0),
        ]);
        var ensemble = new TreeEnsemble(2, [tree], 0);
        var both = Explainer.Create(ensemble, new FeatureRows([1, 1], 2)).Explain([0.0, 0.0]);
        var one = Explainer.Create(ensemble, new FeatureRows([1, 0], 2)).Explain([0.0, 0.0]);

        Assert.Equal([0.5, 0.5], both.Phi);
        Assert.Equal(0.0, both.BaseValue);
        Assert.Equal([1.0, 0.0], one.Phi);
    }

    [Fact]
    public void ExplainMany_InParallel_EqualsOneRowAtATime()
    {
        var ensemble = OnnxTreeEnsembleReader.Read(TestData.TrainedModel.OnnxModel);
        var reference = TestData.Rows(TestData.Reference());
        var explainer = Explainer.Create(ensemble, BackgroundSample.Draw(reference));
        var rows = BackgroundSample.Draw(reference, 1_000, seed: 3);

        var batch = explainer.ExplainMany(rows, maxDegreeOfParallelism: 4);

        Assert.Equal(1_000, batch.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var single = explainer.Explain(rows.Row(r));
            Assert.Equal(single.Margin, batch.Margins[r]);
            Assert.Equal(single.Phi, batch.PhiOf(r).ToArray());
        }
    }

    [Fact]
    public void BackgroundSample_SameSeed_SameDistinctSortedRows()
    {
        var a = BackgroundSample.DrawIndices(5_000, 200, 42);
        var b = BackgroundSample.DrawIndices(5_000, 200, 42);
        var c = BackgroundSample.DrawIndices(5_000, 200, 43);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(200, a.Distinct().Count());
        Assert.Equal(a.Order(), a);
        Assert.Equal(Enumerable.Range(0, 50), BackgroundSample.DrawIndices(50, 200, 1));
        var rows = TestData.Rows(TestData.Reference());
        Assert.Equal(rows.Row(a[7]).ToArray(), BackgroundSample.Draw(rows, 200, 42).Row(7).ToArray());
    }

    private static void AssertLocalAccuracy(Explainer explainer, byte[] model, FeatureRows rows, double[]? original)
    {
        var served = TestData.OnnxScores(model, rows.Values);
        var batch = explainer.ExplainMany(rows);
        for (var r = 0; r < rows.Count; r++)
        {
            var phi = batch.PhiOf(r);
            var sum = 0.0;
            foreach (var v in phi)
            {
                sum += v;
            }
            var score = TreeEnsemble.Sigmoid(explainer.BaseValue + sum);
            Assert.True(Math.Abs(score - served[r]) <= ScoreTolerance, $"row {r + 1}: σ(base + Σφ) {score:R} vs ORT {served[r]:R}");
            if (original is not null)
            {
                Assert.True(Math.Abs(score - original[r]) <= ScoreTolerance, $"row {r + 1}: {score:R} vs original {original[r]:R}");
            }
            Assert.True(Math.Abs(explainer.BaseValue + sum - batch.Margins[r]) <= 1e-9, $"row {r + 1}: efficiency");
        }
    }
}
