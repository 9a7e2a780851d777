using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Statistics;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Core.Tests.Monitoring;

[Trait("Store", "both")]
public sealed class MonitoringQueriesTests : IDisposable
{
    private static readonly double[] s_scores = [0.05, 0.12, 0.12, 0.33, 0.5, 0.51, 0.77, 0.9, 0.99, 1.0];
    private readonly TestStore _store = new();
    private readonly MonitoringQueries _queries;

    public MonitoringQueriesTests()
    {
        _queries = new MonitoringQueries(_store.Factory);
        using var db = _store.Factory.CreateDbContext();
        for (var i = 0; i < s_scores.Length; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = 60_000L * i, ModelVersionId = 1, Score = s_scores[i], PredictedEngaged = s_scores[i] >= 0.5,
                InferenceMs = i + 1, EndToEndMs = 10 * (i + 1), Features = [],
            });
        }
        // Outside the window below: must not count.
        db.Predictions.Add(new PredictionRecord { TimestampMs = 3_600_000, ModelVersionId = 1, Score = 0.0, Features = [] });
        db.SaveChanges();
    }

    private static PredictionFilter FirstTenMinutes => new(new TimeWindow(0, 600_000));

    [Fact]
    public async Task ScoreHistogram_TwentyBins_MatchesNumpyHistogram()
    {
        var histogram = await _queries.ScoreHistogramAsync(FirstTenMinutes);

        // numpy.histogram([0.05,0.12,0.12,0.33,0.5,0.51,0.77,0.9,0.99,1.0], bins=20, range=(0,1))[0]
        Assert.Equal([0, 1, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 1, 2], histogram.Counts);
    }

    [Fact]
    public async Task ScoreSummary_MatchesNumpy()
    {
        var summary = await _queries.ScoreSummaryAsync(FirstTenMinutes, threshold: 0.5);

        // s.mean() 0.529, np.median(s) 0.505, s.std() 0.3514100169317887, np.percentile(s, 95) 0.9954999999999999
        Assert.Equal(10, summary.Count);
        Assert.Equal(0.529, summary.Mean, 1e-12);
        Assert.Equal(0.505, summary.Median, 1e-12);
        Assert.Equal(0.3514100169317887, summary.StdDev, 1e-12);
        Assert.Equal(0.9954999999999999, summary.P95, 1e-12);
        Assert.Equal(0.6, summary.ShareAtOrAboveThreshold); // 0.5 counts as engaged (score >= threshold)
    }

    [Fact]
    public async Task Latency_OverallPercentiles_MatchNumpyLinear()
    {
        var report = await _queries.LatencyAsync(FirstTenMinutes);

        // np.percentile(np.arange(1, 11), [50, 95, 99]) -> 5.5, 9.55, 9.91
        Assert.Equal(10, report.Count);
        Assert.Equal(5.5, report.InferenceP50, 1e-12);
        Assert.Equal(9.55, report.InferenceP95, 1e-12);
        Assert.Equal(9.91, report.InferenceP99, 1e-12);
        Assert.Equal(99.1, report.EndToEndP99, 1e-9);
    }

    [Fact]
    public async Task Throughput_PerMinute_CountsEachBucket()
    {
        var points = await _queries.ThroughputAsync(FirstTenMinutes);

        Assert.Equal(10, points.Count);
        Assert.All(points, p => Assert.Equal(1, p.Count));
    }

    [Fact]
    public async Task Uptime_NoProbes_IsUnknownNotHundredPercent()
    {
        var uptime = await _queries.UptimeAsync("local", new TimeWindow(0, long.MaxValue));

        Assert.Null(uptime.Ratio);
    }

    [Theory]
    // np.percentile([3,1,4,1,5,9,2,6], q) for q = 50, 95, 99, 0, 100, 37.5
    [InlineData(0.5, 3.5)]
    [InlineData(0.95, 7.949999999999998)]
    [InlineData(0.99, 8.79)]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 9.0)]
    [InlineData(0.375, 2.625)]
    public void Quantile_Linear_MatchesNumpy(double q, double expected)
    {
        double[] sorted = [1, 1, 2, 3, 4, 5, 6, 9];

        Assert.Equal(expected, Quantiles.Linear(sorted, q), 1e-12);
    }

    public void Dispose() => _store.Dispose();
}
