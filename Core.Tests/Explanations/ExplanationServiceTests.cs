using LeadScoring.Core.Explanations;
using LeadScoring.Core.Tests.DriftRuns;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Explanations;

/// <summary>
/// Explanations of stored predictions on a real store: a model trained by the app's own builder (background sample
/// stored at registration) and the demo's quality-degradation batch ingested through the upload path.
/// </summary>
[Trait("Store", "both")]
public sealed class ExplanationServiceTests(DriftServiceFixture fixture) : IClassFixture<DriftServiceFixture>
{
    private ExplanationService Service => new(fixture.Store.Factory, fixture.Champion);

    [Fact]
    public async Task ScoreShift_OfABatch_TermsAddUpToTheMeanLogOddsShift_AndMatchTheStoredScores()
    {
        var result = await Service.ScoreShiftAsync(fixture.VersionId, fixture.DegradedBatch, null);

        var a = Assert.IsType<LeadScoring.Engine.Explanations.ScoreShiftAttribution>(result.Attribution);
        Assert.Equal(1000, a.CurrentSampleSize);
        Assert.Equal(200, a.ReferenceSampleSize);
        Assert.Equal(a.MarginShift, a.RawColumns.Sum(t => t.MarginShift), 9);
        Assert.Equal(a.MarginShift, a.Features.Sum(t => t.MarginShift), 9);
        await using var db = fixture.Store.Factory.CreateDbContext();
        var stored = await db.Predictions.Where(p => p.BatchId == fixture.DegradedBatch).Select(p => p.Score).ToListAsync();
        Assert.Equal(stored.Average(), a.MeanScoreCurrent, 6); // σ(base + Σφ) is the served score, row by row
        // The degraded batch's main drift (llm_quality and friends) is what moves its scores.
        Assert.Contains(a.RawColumns.Take(3), t => t.Name == "llm_quality");
    }

    [Fact]
    public async Task StoredPrediction_ExplainedWithItsVersion_AddsUpToItsScore()
    {
        await using var db = fixture.Store.Factory.CreateDbContext();
        var prediction = await db.Predictions.Where(p => p.BatchId == fixture.BaselineBatch).OrderBy(p => p.Id).FirstAsync();

        var result = await Service.ForPredictionAsync(prediction.Id);

        var e = Assert.IsType<ScoreExplanation>(result!.Explanation);
        Assert.Equal(prediction.Score, e.Score, 6);
        var margin = e.BaseValue + e.RawColumns.Sum(f => f.Phi);
        Assert.Equal(e.Score, 1 / (1 + Math.Exp(-margin)), 12);
        Assert.Equal(100 * (e.Score - e.BaseScore), e.RawColumns.Sum(f => f.PercentagePoints), 9);
        Assert.Null(await Service.ForPredictionAsync(long.MaxValue));
    }
}
