using LeadScoring.Engine.Features;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Tests.Explanations.Infrastructure;

using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Explanations.Shap;

/// <summary>The fast explainer against brute-force subset enumeration (<see cref="ExactShapley"/>).</summary>
public sealed class ExplainerExactnessTests
{
    private const double Exact = 1e-9;

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 8)]
    [InlineData(3, 8)]
    [InlineData(4, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 3)]
    public void Explain_RandomEnsemblesWithEveryModeNaNAndRepeatedFeatures_EqualsSubsetEnumeration(int seed, int maxTable)
    {
        var random = new Random(seed);
        for (var round = 0; round < 6; round++)
        {
            var features = random.Next(3, 9);
            var spec = RandomEnsembles.Create(random, features, trees: random.Next(1, 9), maxDepth: random.Next(1, 7),
                splitFeatures: random.Next(2, features + 1));
            var ensemble = spec.ToEnsemble(offset: random.NextDouble() - 0.5, scale: 1 + random.NextDouble());
            var background = new FeatureRows(RandomEnsembles.Rows(random, random.Next(1, 25), features, 0.2), features);
            var explainer = Explainer.Create(ensemble, background, new ExplainerOptions { MaxTableFeatures = maxTable });
            var rows = new FeatureRows(RandomEnsembles.Rows(random, 12, features, 0.2), features);
            for (var r = 0; r < rows.Count; r++)
            {
                AssertMatchesExact(explainer, background, rows.Row(r), $"seed {seed} round {round} row {r}");
            }
        }
    }

    [Fact]
    public void Explain_DeepPathsWithManyRepeatedSplits_TableAndFallbackAgreeWithEnumeration()
    {
        var random = new Random(77);
        var spec = RandomEnsembles.Create(random, 10, trees: 4, maxDepth: 14, splitFeatures: 10);
        var ensemble = spec.ToEnsemble();
        var background = new FeatureRows(RandomEnsembles.Rows(random, 30, 10, 0.15), 10);
        var tabled = Explainer.Create(ensemble, background, new ExplainerOptions { MaxTableFeatures = 10 });
        var fallback = Explainer.Create(ensemble, background, new ExplainerOptions { MaxTableFeatures = 0 });
        Assert.True(tabled.Statistics.MaxPathFeatures >= 6, $"deepest path has {tabled.Statistics.MaxPathFeatures} features");
        Assert.Equal(0, fallback.Statistics.TableLeaves);
        var rows = new FeatureRows(RandomEnsembles.Rows(random, 10, 10, 0.15), 10);
        for (var r = 0; r < rows.Count; r++)
        {
            AssertMatchesExact(tabled, background, rows.Row(r), $"row {r}");
            var a = tabled.Explain(rows.Row(r)).Phi;
            var b = fallback.Explain(rows.Row(r)).Phi;
            for (var j = 0; j < a.Length; j++)
            {
                Assert.Equal(a[j], b[j], 12);
            }
        }
    }

    [SharedDataFact]
    public void Explain_OriginalModelWithBackgroundsDifferingInFewFeatures_EqualsSubsetEnumeration()
    {
        var ensemble = OnnxTreeEnsembleReader.Read(TestData.OriginalModel());
        var leads = TestData.Rows(TestData.PipelineOutput());
        var random = new Random(21);
        foreach (var lead in new[] { 0, 17, 118, 250, 302 })
        {
            var background = NearBackground(leads, lead, random, rows: 25, maxChanged: 10);
            var explainer = Explainer.Create(ensemble, background);
            // The explained rows: the lead itself and two other real leads (these differ in many features, but only
            // the 13 split features are players, so enumeration stays at ≤ 2^13 coalitions).
            foreach (var row in new[] { lead, (lead + 40) % leads.Count, (lead + 101) % leads.Count })
            {
                AssertMatchesExact(explainer, background, leads.Row(row), $"lead {lead}, row {row}");
                Assert.Contains(explainer.Explain(leads.Row(row)).Phi, v => Math.Abs(v) > 1e-4);
            }
            Assert.True(ExactShapley.Players(ensemble, leads.Row((lead + 40) % leads.Count), background).Length >= 5);
        }
    }

    [Fact]
    public void Explain_OwnTrainedModelWithBackgroundsDifferingInFewFeatures_EqualsSubsetEnumeration()
    {
        var ensemble = OnnxTreeEnsembleReader.Read(TestData.TrainedModel.OnnxModel);
        var leads = TestData.Rows(TestData.Reference());
        var random = new Random(5);
        foreach (var lead in new[] { 3, 1_000, 4_321 })
        {
            var background = NearBackground(leads, lead, random, rows: 20, maxChanged: 10);
            var explainer = Explainer.Create(ensemble, background);
            var players = ExactShapley.Players(ensemble, leads.Row(lead), background);
            Assert.InRange(players.Length, 1, 10);
            AssertMatchesExact(explainer, background, leads.Row(lead), $"lead {lead}");
            var nan = leads.Row(lead).ToArray();
            nan[FeatureSchema.IndexOf("llm_quality")] = double.NaN;
            nan[FeatureSchema.IndexOf("summary_length")] = double.NaN;
            AssertMatchesExact(explainer, background, nan, $"lead {lead} with NaN");
        }
    }

    [Fact]
    public void ExactShapley_UnusedFeaturesAsPlayers_GiveTheSameValues()
    {
        var random = new Random(8);
        var spec = RandomEnsembles.Create(random, 7, 5, 4, splitFeatures: 4);
        var ensemble = spec.ToEnsemble();
        var background = new FeatureRows(RandomEnsembles.Rows(random, 10, 7, 0.1), 7);
        var x = RandomEnsembles.Rows(random, 1, 7, 0.1);

        var splitOnly = ExactShapley.Compute(ensemble, x, background);
        var all = ExactShapley.Compute(ensemble, x, background, splitFeaturesOnly: false);

        Assert.True(ExactShapley.Players(ensemble, x, background, splitFeaturesOnly: false).Length
            > ExactShapley.Players(ensemble, x, background).Length);
        for (var j = 0; j < 7; j++)
        {
            Assert.Equal(splitOnly[j], all[j], 12);
        }
    }

    internal static void AssertMatchesExact(Explainer explainer, FeatureRows background, ReadOnlySpan<double> x, string what)
    {
        var fast = explainer.Explain(x);
        var exact = ExactShapley.Compute(explainer.Ensemble, x, background);
        for (var j = 0; j < exact.Length; j++)
        {
            Assert.True(Math.Abs(fast.Phi[j] - exact[j]) <= Exact, $"{what}, feature {j}: {fast.Phi[j]:R} vs exact {exact[j]:R}");
        }
        var sum = fast.Phi.Sum();
        Assert.True(Math.Abs(fast.BaseValue + sum - fast.Margin) <= Exact, $"{what}: efficiency");
    }

    /// <summary>Rows equal to the lead except in up to <paramref name="maxChanged"/> features copied from other rows.</summary>
    internal static FeatureRows NearBackground(FeatureRows leads, int lead, Random random, int rows, int maxChanged)
    {
        var f = leads.FeatureCount;
        var changed = Enumerable.Range(0, f).OrderBy(_ => random.Next()).Take(maxChanged).ToArray();
        var values = new double[rows * f];
        for (var r = 0; r < rows; r++)
        {
            leads.Row(lead).CopyTo(values.AsSpan(r * f, f));
            var donor = leads.Row(random.Next(leads.Count));
            foreach (var j in changed.Where(_ => random.Next(3) > 0))
            {
                values[r * f + j] = donor[j];
            }
        }
        return new FeatureRows(values, f);
    }
}
