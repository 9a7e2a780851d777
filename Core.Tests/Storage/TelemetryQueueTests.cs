using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The telemetry queue is bounded in rows (predictions), not in requests.</summary>
public sealed class TelemetryQueueTests
{
    private static List<PredictionRecord> Rows(int count) => Enumerable.Range(0, count).Select(_ => new PredictionRecord()).ToList();

    [Fact]
    public void LargeBatches_FillTheQueueByTheirRows()
    {
        var queue = new TelemetryQueue(capacity: 10_000);

        Assert.True(queue.TryEnqueue(Rows(6_000), null));
        Assert.False(queue.TryEnqueue(Rows(6_000), null)); // two requests, but 12,000 rows
        Assert.True(queue.TryEnqueue(Rows(4_000), null));
        Assert.False(queue.TryEnqueue([], new ApiRequestRecord())); // a request metric is a row too

        Assert.Equal(10_000, queue.Count);
        Assert.Equal(2, queue.Dropped);
    }

    [Fact]
    public async Task ReadingFreesTheItemsRows()
    {
        var queue = new TelemetryQueue(capacity: 10_000);
        Assert.True(queue.TryEnqueue(Rows(10_000), null));

        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.True(queue.TryRead(out var item));

        Assert.Equal(10_000, item.Predictions.Count);
        Assert.Equal(0, queue.Count);
        Assert.True(queue.TryEnqueue(Rows(10_000), null));
    }
}
