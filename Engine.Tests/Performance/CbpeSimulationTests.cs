using LeadScoring.Engine.DemoData;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Performance;

/// <summary>
/// CBPE against a simulation with known truth: the real model scores the demo reference and the five covariate-shifted
/// scenarios; each lead converts with probability g(score) = score², a known miscalibration (the model is
/// over-confident), so P(y | score) is the same everywhere — CBPE's assumption holds and its band must cover the
/// realized F1.
/// </summary>
public sealed class CbpeSimulationTests
{
    private const int ChunkRows = 500;

    [SharedDataFact]
    public void RealizedF1_LiesInsideTheEstimatedBand_InAtLeast90PercentOfChunks()
    {
        using var scorer = OnnxScorer.Load(OriginalFixtures.ModelPath);
        var random = new Random(20261204);
        var options = new DemoDataOptions { ReferenceRows = 10_000, ScenarioRows = 5_000 };

        var (refScores, refLabels) = Simulate(scorer, DemoDataGenerator.GenerateReference(options), random);
        var state = CbpeEstimator.Fit(refScores, refLabels, ScoreRules.DefaultThreshold,
            Chunking.BySize(refScores.Length, ChunkRows));
        Assert.Equal("isotonic", state.Calibration);

        int chunks = 0, covered = 0;
        foreach (var scenario in DemoScenarios.All)
        {
            var (scores, labels) = Simulate(scorer, DemoDataGenerator.GenerateScenario(scenario, options), random);
            var outcomes = labels.Select(l => (sbyte)l).ToArray();
            foreach (var chunk in CbpeEstimator.Estimate(state, scores, outcomes, Chunking.BySize(scores.Length, ChunkRows)))
            {
                var realized = chunk.Realized!.F1;
                chunks++;
                if (realized >= chunk.LowerConfidenceBound.F1 && realized <= chunk.UpperConfidenceBound.F1)
                {
                    covered++;
                }
            }
        }

        Assert.Equal(50, chunks);
        Assert.True(covered >= 0.9 * chunks, $"realized F1 inside the band in {covered} of {chunks} chunks");
    }

    private static (double[] Scores, int[] Labels) Simulate(OnnxScorer scorer, IReadOnlyList<LeadScoring.Engine.Domain.RawLead> leads, Random random)
    {
        var features = OriginalFixtures.State.TransformBatch(leads);
        var scores = new double[leads.Count];
        scorer.Score(features, scores);
        var labels = scores.Select(s => random.NextDouble() < s * s ? 1 : 0).ToArray();
        return (scores, labels);
    }
}
