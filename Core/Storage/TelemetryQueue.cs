using System.Threading.Channels;
using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Hands API predictions and request metrics to <see cref="TelemetryWriter"/> so the request path never waits for
/// the store. A batch request's predictions travel as one item and are written in one transaction.
/// </summary>
public sealed class TelemetryQueue
{
    // Bounded so a stalled store cannot exhaust memory; at 2,000 requests/s this is ~25 s of backlog.
    private readonly Channel<TelemetryItem> _channel = Channel.CreateBounded<TelemetryItem>(
        new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _dropped;

    internal ChannelReader<TelemetryItem> Reader => _channel.Reader;

    /// <summary>Items refused because the queue was full (reported by health).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues predictions (may be empty) and the request that produced them.</summary>
    public bool TryEnqueue(IReadOnlyList<PredictionRecord> predictions, ApiRequestRecord? request)
    {
        if (_channel.Writer.TryWrite(new TelemetryItem(predictions, request)))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    internal void Complete() => _channel.Writer.TryComplete();
}

internal sealed record TelemetryItem(IReadOnlyList<PredictionRecord> Predictions, ApiRequestRecord? Request);
