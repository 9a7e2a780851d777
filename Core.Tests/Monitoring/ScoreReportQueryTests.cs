using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Core.Tests.Monitoring;

[Trait("Store", "both")]
public sealed class ScoreReportQueryTests : IDisposable
{
    private static readonly double[] s_reference = [0.01, 0.04, 0.25, 0.31, 0.55, 0.58, 0.61, 0.95, 1.0, 0.45];
    private readonly TestStore _store = new();
    private readonly ScoreReportQuery _query;

    public ScoreReportQueryTests()
    {
        _query = new ScoreReportQuery(new MonitoringQueries(_store.Factory), new ModelVersionCatalog(_store.Factory));
    }

    [Fact]
    public void Bin_TenBins_MatchesNumpyHistogram()
    {
        var histogram = ScoreDistribution.Bin(s_reference, 10);

        // numpy.histogram([0.01,0.04,0.25,0.31,0.55,0.58,0.61,0.95,1.0,0.45], bins=10, range=(0,1))[0]
        Assert.Equal([2, 0, 1, 1, 1, 2, 1, 0, 0, 2], histogram.Counts);
        // ... / 10
        Assert.Equal([0.2, 0.0, 0.1, 0.1, 0.1, 0.2, 0.1, 0.0, 0.0, 0.2], ScoreDistribution.Shares(histogram));
    }

    [Fact]
    public void Shares_EmptyHistogram_AllZero()
    {
        Assert.Equal([0.0, 0.0], ScoreDistribution.Shares(new Histogram(0, 1, [0, 0])));
    }

    [Fact]
    public async Task Load_NoVersionChosen_UsesChampionThresholdAndReference()
    {
        PredictionSeed.AddModel(_store.Factory, 1, ModelStatus.Archived, 0.3);
        var champion = PredictionSeed.AddModel(_store.Factory, 2, ModelStatus.Champion, 0.6, s_reference);
        PredictionSeed.AddPredictions(_store.Factory, champion.Id, [0.1, 0.5, 0.6, 0.7], minutesAgo: 0);

        var report = await _query.LoadAsync(new PredictionFilter(TimeWindow.All), bins: 10);

        Assert.Equal(champion.Id, report.Version?.Id);
        Assert.Equal(0.6, report.Threshold);
        Assert.Equal(0.5, report.Summary.ShareAtOrAboveThreshold); // 0.6 and 0.7 of four
        Assert.Equal([2, 0, 1, 1, 1, 2, 1, 0, 0, 2], report.Reference!.Counts);
        Assert.Equal(4, report.Current.Total);
        Assert.Equal(4, report.Trend.Sum(p => p.Count));
    }

    [Fact]
    public async Task Load_VersionWithoutReference_NoOverlayAndItsThreshold()
    {
        PredictionSeed.AddModel(_store.Factory, 1, ModelStatus.Champion, 0.6, s_reference);
        var candidate = PredictionSeed.AddModel(_store.Factory, 2, ModelStatus.Candidate, 0.4);

        var report = await _query.LoadAsync(new PredictionFilter(TimeWindow.All, candidate.Id));

        Assert.Null(report.Reference);
        Assert.Equal(0.4, report.Threshold);
        Assert.Equal(0, report.Summary.Count);
    }

    [Fact]
    public async Task Load_NoModels_DefaultThreshold()
    {
        var report = await _query.LoadAsync(new PredictionFilter(TimeWindow.All));

        Assert.Null(report.Version);
        Assert.Equal(ModelVersionCatalog.DefaultThreshold, report.Threshold);
    }

    public void Dispose() => _store.Dispose();
}
