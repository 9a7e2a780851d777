using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Scoring;

public sealed class OriginalModelParityTests
{
    // data/original/README.md: |Δ| ≤ 1e-6 expected (observed ≤ 3e-7) against XGBoost's float32 scores.
    private const double Tolerance = 1e-6;

    [SharedDataFact]
    public void Load_OriginalModel_DetectsOnnxmltoolsSignature()
    {
        using var scorer = OnnxScorer.Load(OriginalFixtures.ModelPath);

        Assert.Equal("input", scorer.InputName);
        Assert.Equal("probabilities", scorer.OutputName);
        Assert.Equal(OnnxOutputKind.TwoClassProbabilities, scorer.OutputKind);
        Assert.Equal(47, scorer.FeatureCount);
        Assert.Equal(OriginalFixtures.FeatureColumns, ScoringModel.ReadFeatureColumns(scorer.Metadata));
    }

    [SharedDataFact]
    public void ScoreBatch_PipelineOutput_MatchesOriginalScoresAndApiRounding()
    {
        var table = OriginalFixtures.PipelineOutput();
        var expected = table.Doubles("score");
        using var scorer = OnnxScorer.Load(OriginalFixtures.ModelPath);

        var result = scorer.ScoreBatch(table.Features);

        Assert.Equal(303, result.Probabilities.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(result.Probabilities[i] - expected[i]) <= Tolerance,
                $"row {i + 1}: onnx {result.Probabilities[i]:R} vs original {expected[i]:R}");
            Assert.Equal(ScoreRules.RoundScore(expected[i]), ScoreRules.RoundScore(result.Probabilities[i]));
            Assert.Equal(ScoreRules.IsEngaged(expected[i]), ScoreRules.IsEngaged(result.Probabilities[i]));
        }
        // README: the API's first five answers, 139 engaged, avg_score 0.4641.
        Assert.Equal([0.8754, 0.1336, 0.2050, 0.1163, 0.2482],
            result.Probabilities.Take(5).Select(ScoreRules.RoundScore));
        Assert.Equal(139, result.Probabilities.Count(p => ScoreRules.IsEngaged(p)));
        Assert.Equal(0.4641, ScoreRules.RoundScore(result.Probabilities.Average()));
    }

    [SharedDataFact]
    public void ScoreOne_PipelineOutput_MatchesBatchWithinSummationOrderNoise()
    {
        var table = OriginalFixtures.PipelineOutput();
        var expected = table.Doubles("score");
        using var scorer = OnnxScorer.Load(OriginalFixtures.ModelPath);
        var batch = scorer.ScoreBatch(table.Features).Probabilities;

        for (var i = 0; i < table.RowCount; i++)
        {
            var single = scorer.ScoreOne(table.Row(i));
            Assert.True(Math.Abs(single - expected[i]) <= Tolerance, $"row {i + 1}");
            // notes/stack.md: batch and single-row runs may differ by ~2e-7 (float summation order).
            Assert.True(Math.Abs(single - batch[i]) <= 1e-6, $"row {i + 1}");
        }
    }

    [SharedDataFact]
    public async Task ScoreOne_ManyThreadsOnOneSession_EachGetsItsOwnRowsScore()
    {
        var table = OriginalFixtures.PipelineOutput();
        var expected = table.Doubles("score");
        using var scorer = OnnxScorer.Load(OriginalFixtures.ModelPath);

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var pass = 0; pass < 5; pass++)
            {
                for (var n = 0; n < table.RowCount; n++)
                {
                    var i = (w * 37 + n) % table.RowCount;
                    var p = scorer.ScoreOne(table.Row(i));
                    Assert.True(Math.Abs(p - expected[i]) <= Tolerance, $"worker {w}, row {i + 1}");
                }
            }
        }));

        await Task.WhenAll(workers);
    }

    [SharedDataFact]
    public void ScoreBatch_CraftedLeads_MatchesOriginalApiAnswers()
    {
        var table = OriginalFixtures.PartialOutput();
        var expected = table.Doubles("score");
        var apiScores = table.Doubles("api_score");
        using var scorer = OnnxScorer.Load(OriginalFixtures.ModelPath);

        var probabilities = scorer.ScoreBatch(table.Features).Probabilities;

        Assert.Equal(31, probabilities.Length);
        for (var i = 0; i < probabilities.Length; i++)
        {
            var name = table.ExtraColumns["case"][i];
            Assert.True(Math.Abs(probabilities[i] - expected[i]) <= Tolerance, name);
            Assert.True(ScoreRules.RoundScore(probabilities[i]) == apiScores[i], name);
            Assert.Equal(table.ExtraColumns["api_label"][i],
                ScoreRules.LabelText(ScoreRules.IsEngaged(probabilities[i])));
            Assert.Equal(table.ExtraColumns["api_confidence"][i],
                ScoreRules.ConfidenceText(ScoreRules.Confidence(probabilities[i])));
        }
    }

    [SharedDataFact]
    public void ScoreBatch_SmallChunks_MatchesOneRunAndOriginal()
    {
        var table = OriginalFixtures.PipelineOutput();
        var expected = table.Doubles("score");
        using var whole = OnnxScorer.Load(OriginalFixtures.ModelPath);
        using var chunked = OnnxScorer.Load(OriginalFixtures.ModelPath, new OnnxScorerOptions { ChunkRows = 7 });

        var one = whole.ScoreBatch(table.Features).Probabilities;
        var many = chunked.ScoreBatch(table.Features).Probabilities;

        // ONNX Runtime sums trees in a different order for small batches: equal within float noise, not bitwise.
        for (var i = 0; i < one.Length; i++)
        {
            Assert.True(Math.Abs(one[i] - many[i]) <= 1e-6, $"row {i + 1}");
            Assert.True(Math.Abs(many[i] - expected[i]) <= Tolerance, $"row {i + 1}");
        }
    }

    [SharedDataFact]
    public void ScoringModel_LoadOnnx_TakesColumnsFromMetadataAndDefaultThreshold()
    {
        var model = ScoringModel.LoadOnnx(OriginalFixtures.ModelPath, "0.3.0");
        using var scorer = model.Scorer;

        Assert.Equal("0.3.0", model.VersionId);
        Assert.Equal(0.5, model.Threshold);
        Assert.Equal(FeatureSchema.Names, model.FeatureColumns);
    }

    [SharedDataFact]
    public void Score_WrongRowWidth_ThrowsClearMessage()
    {
        using var scorer = OnnxScorer.Load(OriginalFixtures.ModelPath);

        var error = Assert.Throws<ArgumentException>(() => scorer.ScoreBatch(new double[50]));
        Assert.Contains("47", error.Message);
        Assert.Throws<ArgumentException>(() => scorer.ScoreOne(new double[46]));
    }
}
