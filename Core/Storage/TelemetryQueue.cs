using System.Threading.Channels;
using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Hands API predictions and request metrics to <see cref="TelemetryWriter"/> so the request path never waits for
/// the store. A batch request's predictions travel as one item and are written in one transaction.
/// </summary>
public sealed class TelemetryQueue
{
    /// <summary>Default capacity: at 2,000 requests/s about 25 s of backlog while the store is locked or full.</summary>
    public const int DefaultCapacity = 50_000;

    // Bounded so a stalled store cannot exhaust memory; when full, callers refuse the request (503) rather than
    // answer 200 for a prediction that would never be stored.
    private readonly Channel<TelemetryItem> _channel;

    private long _dropped;

    public TelemetryQueue()
        : this(DefaultCapacity)
    {
    }

    public TelemetryQueue(int capacity)
    {
        Capacity = capacity;
        _channel = Channel.CreateBounded<TelemetryItem>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>How many requests' items the queue holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Items waiting for the writer.</summary>
    public int Count => _channel.Reader.Count;

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
