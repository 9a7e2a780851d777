using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.Infrastructure;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The minute rollups on SQLite (the same scenarios run on PostgreSQL in <see cref="PostgresStoreTests"/>).</summary>
public sealed class MinuteRollupTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public Task RandomWindows_EqualTheRawRows() => MinuteRollupScenario.RandomWindows_EqualTheRawRows(_store.Factory);

    [Fact]
    public Task OpenHour_IsReadFromMinuteRollups() => MinuteRollupScenario.OpenHour_IsReadFromMinuteRollups(_store.Factory);

    [Fact]
    public void ScoreBin_IsExactAtEveryEdge_SoAnEdgeThresholdCountsFromTheBins()
    {
        var random = new Random(5);
        for (var k = 1; k < PredictionAggregate.ScoreBinCount; k++)
        {
            var edge = (double)k / PredictionAggregate.ScoreBinCount;
            foreach (var score in new[] { edge, Math.BitDecrement(edge), Math.BitIncrement(edge), Math.BitDecrement(Math.BitDecrement(edge)) })
            {
                Assert.Equal(score >= edge, PredictionAggregate.ScoreBin(score) >= k);
            }
            Assert.Equal(k, PredictionAggregate.ThresholdEdge(edge));
        }
        Assert.Null(PredictionAggregate.ThresholdEdge(0.5004));
        var aggregate = new PredictionAggregate();
        var scores = Enumerable.Range(0, 5000).Select(_ => random.Next(4) == 0 ? Math.BitDecrement(0.5) : random.NextDouble()).ToList();
        foreach (var score in scores)
        {
            aggregate.Add(new PredictionPoint(0, 1, score, false, 1, 1));
        }
        Assert.Equal(scores.Count(s => s >= 0.5), aggregate.AtOrAbove(0.5));
        Assert.Null(aggregate.AtOrAbove(0.5004));
    }

    public void Dispose() => _store.Dispose();
}
