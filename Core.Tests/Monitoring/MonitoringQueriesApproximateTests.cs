using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Statistics;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Core.Tests.Monitoring;

/// <summary>
/// The large-window path, forced with a low <see cref="MonitoringQueries.ExactRowLimit"/> on 3,000 synthetic rows.
/// Expected values from numpy (script in the comments), with tolerances equal to the documented bounds:
/// 0.001 for score quantiles, 1.006 % for latency percentiles.
/// </summary>
[Trait("Store", "both")]
public sealed class MonitoringQueriesApproximateTests : IDisposable
{
    // i = np.arange(3000); x = ((i*7919) % 3001) / 3001.0; s = x*x
    // inf = 0.5 + ((i*104729) % 997) / 100.0; e2e = inf*3 + (i % 7)
    private const int N = 3000;
    private const double LatencyTolerance = 0.01006;
    private readonly TestStore _store = new();
    private readonly MonitoringQueries _approximate;
    private readonly MonitoringQueries _exact;

    public MonitoringQueriesApproximateTests()
    {
        _approximate = new MonitoringQueries(_store.Factory) { ExactRowLimit = 100 };
        _exact = new MonitoringQueries(_store.Factory);
        using var db = _store.Factory.CreateDbContext();
        for (var i = 0; i < N; i++)
        {
            var x = (i * 7919L % 3001) / 3001.0;
            var inference = 0.5 + (i * 104729L % 997) / 100.0;
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = 1000L * i, ModelVersionId = 1, Score = x * x, PredictedEngaged = x * x >= 0.5,
                InferenceMs = inference, EndToEndMs = inference * 3 + i % 7, Features = [],
            });
        }
        db.SaveChanges();
    }

    private static PredictionFilter Hour => new(new TimeWindow(0, 3_600_000));

    [Fact]
    public async Task ScoreSummary_AboveLimit_IsMarkedApproximateAndWithinOneFineBinOfNumpy()
    {
        var summary = await _approximate.ScoreSummaryAsync(Hour, threshold: 0.5);

        // s.mean() 0.3332343046967609, s.std() 0.2980759310006113, np.percentile(s, [50, 95])
        // 0.2500000277592685, 0.9019302851509786, (s >= 0.5).sum() 878
        Assert.True(summary.Approximate);
        Assert.Equal(N, summary.Count);
        Assert.Equal(0.3332343046967609, summary.Mean, 1e-12);
        Assert.Equal(0.2980759310006113, summary.StdDev, 1e-9);
        Assert.Equal(878.0 / N, summary.ShareAtOrAboveThreshold, 1e-15);
        Assert.Equal(0.2500000277592685, summary.Median, 1.0 / MonitoringQueries.ScoreQuantileBins);
        Assert.Equal(0.9019302851509786, summary.P95, 1.0 / MonitoringQueries.ScoreQuantileBins);
    }

    [Fact]
    public async Task ScoreSummary_AtOrBelowLimit_StaysExact()
    {
        var summary = await _exact.ScoreSummaryAsync(Hour, threshold: 0.5);

        Assert.False(summary.Approximate);
        Assert.Equal(0.2500000277592685, summary.Median, 1e-12);
        Assert.Equal(0.9019302851509786, summary.P95, 1e-12);
    }

    [Fact]
    public async Task ScoreDistribution_AboveLimit_HistogramFromFineBinsMatchesNumpy()
    {
        var (histogram, summary) = await _approximate.ScoreDistributionAsync(Hour, 0.5, bins: 20);

        // np.histogram(s, bins=20, range=(0, 1))[0]
        Assert.True(summary.Approximate);
        Assert.Equal([672, 277, 213, 180, 158, 143, 132, 122, 116, 109, 103, 99, 95, 91, 88, 86, 82, 80, 79, 75], histogram.Counts);
        Assert.Equal((await _exact.ScoreHistogramAsync(Hour)).Counts, histogram.Counts);
    }

    [Fact]
    public async Task Latency_AboveLimit_PercentilesWithinOnePercentOfNumpy()
    {
        var report = await _approximate.LatencyAsync(Hour);

        // np.percentile(inf, [50, 95, 99]) 5.465, 9.960499999999998, 10.360099999999997
        // np.percentile(e2e, [50, 95, 99]) 19.375, 33.250499999999995, 35.78039999999999
        Assert.True(report.Approximate);
        Assert.Equal(N, report.Count);
        AssertRelative(5.465, report.InferenceP50);
        AssertRelative(9.960499999999998, report.InferenceP95);
        AssertRelative(10.360099999999997, report.InferenceP99);
        AssertRelative(19.375, report.EndToEndP50);
        AssertRelative(33.250499999999995, report.EndToEndP95);
        AssertRelative(35.78039999999999, report.EndToEndP99);
    }

    [Fact]
    public async Task Latency_AboveLimit_PerMinuteSeriesWithinOnePercentOfNumpy()
    {
        var report = await _approximate.LatencyAsync(Hour);

        // 1-minute buckets of 60 rows; first: np.percentile(inf[:60], [50, 95, 99]) 4.83, 9.7475, 10.241499999999998
        Assert.Equal(50, report.Inference.Count);
        Assert.All(report.Inference, p => Assert.Equal(60, p.Count));
        AssertRelative(4.83, report.Inference[0].P50);
        AssertRelative(9.7475, report.Inference[0].P95);
        AssertRelative(10.241499999999998, report.Inference[0].P99);
    }

    [Fact]
    public async Task Latency_AboveLimit_HistogramHasExactRangeAndCountsNearNumpy()
    {
        var histogram = (await _approximate.LatencyAsync(Hour)).InferenceHistogram!;

        // inf.min() 0.5, inf.max() 10.46; np.histogram(inf, bins=30, range=(0.5, 10.46))[0]
        long[] numpy = [103, 100, 100, 100, 99, 103, 100, 100, 99, 103, 100, 99, 99, 99, 99, 102, 99, 99, 99, 102, 99, 99, 99, 99, 99, 102, 99, 99, 99, 102];
        Assert.Equal(0.5, histogram.Min);
        Assert.Equal(10.46, histogram.Max, 1e-12);
        Assert.Equal(N, histogram.Total);
        // A log bin straddling an edge moves whole: near 10.46 ms one spans 0.105 ms, ~11 distinct values of ~3 rows each.
        Assert.All(numpy.Zip(histogram.Counts), pair => Assert.InRange(pair.Second, pair.First - 33, pair.First + 33));
        Assert.NotEqual(numpy, histogram.Counts); // documents that this path is approximate
    }

    // A week's buckets are days: whole hours, so the week is read from the hourly rollups (hour 0 holds every row).
    private static PredictionFilter Week => new(new TimeWindow(0, 7 * 86_400_000L));

    [Fact]
    public async Task ScoreSummary_FromRollups_MatchesNumpyWithinOneFineBin()
    {
        var summary = await _approximate.ScoreSummaryAsync(Week, threshold: 0.5);

        // Same rows as ScoreSummary_AboveLimit_…: s.mean(), s.std(), np.percentile(s, [50, 95]), (s >= 0.5).sum() 878
        Assert.True(summary.Approximate);
        Assert.Equal(N, summary.Count);
        Assert.Equal(0.3332343046967609, summary.Mean, 1e-12);
        Assert.Equal(0.2980759310006113, summary.StdDev, 1e-9);
        Assert.Equal(878.0 / N, summary.ShareAtOrAboveThreshold, 1e-15);
        Assert.Equal(0.2500000277592685, summary.Median, 1.0 / MonitoringQueries.ScoreQuantileBins);
        Assert.Equal(0.9019302851509786, summary.P95, 1.0 / MonitoringQueries.ScoreQuantileBins);
        using var db = _store.Factory.CreateDbContext();
        Assert.Equal(N, db.PredictionRollups.Single(r => r.HourMs == 0).Count);
    }

    [Fact]
    public async Task ScoreDistribution_FromRollups_HistogramMatchesNumpy()
    {
        var (histogram, _) = await _approximate.ScoreDistributionAsync(Week, 0.5, bins: 20);

        // np.histogram(s, bins=20, range=(0, 1))[0]
        Assert.Equal([672, 277, 213, 180, 158, 143, 132, 122, 116, 109, 103, 99, 95, 91, 88, 86, 82, 80, 79, 75], histogram.Counts);
    }

    [Fact]
    public async Task Latency_FromRollups_PercentilesWithinOnePercentOfNumpy()
    {
        var report = await _approximate.LatencyAsync(Week);

        // np.percentile(inf, [50, 95, 99]) and np.percentile(e2e, [50, 95, 99]) as above; one daily bucket.
        Assert.True(report.Approximate);
        Assert.Equal(N, report.Count);
        AssertRelative(5.465, report.InferenceP50);
        AssertRelative(9.960499999999998, report.InferenceP95);
        AssertRelative(10.360099999999997, report.InferenceP99);
        AssertRelative(19.375, report.EndToEndP50);
        AssertRelative(33.250499999999995, report.EndToEndP95);
        AssertRelative(35.78039999999999, report.EndToEndP99);
        var day = Assert.Single(report.Inference);
        Assert.Equal(N, day.Count);
        AssertRelative(10.360099999999997, day.P99);
        // Bin edges stand in for the extremes: inf.min() 0.5, inf.max() 10.46, each within one log bin.
        var histogram = report.InferenceHistogram!;
        Assert.Equal(N, histogram.Total);
        Assert.InRange(histogram.Min, 0.5 / 1.01006, 0.5);
        Assert.InRange(histogram.Max, 10.46, 10.46 * 1.01006);
    }

    [Fact]
    public async Task TrendAndThroughput_FromRollups_MatchTheRows()
    {
        var trend = Assert.Single(await _approximate.ScoreTrendAsync(Week));
        var throughput = Assert.Single(await _approximate.ThroughputAsync(Week));

        // s.mean() and (s >= 0.5).mean() over the one day holding every row.
        Assert.Equal(N, trend.Count);
        Assert.Equal(0.3332343046967609, trend.MeanScore, 1e-12);
        Assert.Equal(878.0 / N, trend.ShareEngaged, 1e-15);
        Assert.Equal(DateTimeOffset.UnixEpoch, trend.Time);
        Assert.Equal(N, throughput.Count);
    }

    [Fact]
    public void BinnedQuantiles_OneValuePerBin_IsExact()
    {
        double[] sorted = [1, 1, 2, 3, 4, 5, 6, 9];
        var bins = sorted.Select(v => new ValueBin(v, v, 1)).ToList();

        // np.percentile([3,1,4,1,5,9,2,6], [95, 37.5]) -> 7.949999999999998, 2.625
        Assert.Equal(7.949999999999998, BinnedQuantiles.Linear(bins, 0.95), 1e-12);
        Assert.Equal(2.625, BinnedQuantiles.Linear(bins, 0.375), 1e-12);
    }

    [Fact]
    public void BinnedQuantiles_RandomValues_ErrLessThanTheBinWidth()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 10_000).Select(_ => Math.Pow(random.NextDouble(), 3)).Order().ToArray();
        var bins = values.GroupBy(v => Math.Floor(v * 100)).OrderBy(g => g.Key)
            .Select(g => new ValueBin(g.Min(), g.Max(), g.Count())).ToList();

        foreach (var q in new[] { 0.01, 0.25, 0.5, 0.9, 0.95, 0.99 })
        {
            Assert.InRange(BinnedQuantiles.Linear(bins, q) - Quantiles.Linear(values, q), -0.01, 0.01);
        }
        Assert.True(double.IsNaN(BinnedQuantiles.Linear([], 0.5)));
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.InRange(actual, expected * (1 - LatencyTolerance), expected * (1 + LatencyTolerance));

    public void Dispose() => _store.Dispose();
}
