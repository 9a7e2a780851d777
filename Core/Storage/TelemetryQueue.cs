using System.Threading.Channels;
using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Hands API predictions and request metrics to <see cref="TelemetryWriter"/> so the request path never waits for
/// the store. A batch request's predictions travel as one item and are written in one transaction.
/// </summary>
public sealed class TelemetryQueue
{
    /// <summary>Default capacity in rows: about 50 s of a busy service's predictions while the store is locked or full.</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>The configuration key of the capacity in rows.</summary>
    public const string CapacityKey = "Telemetry:QueueRows";

    /// <summary>The largest item (one /predict/batch request) must always fit in an empty queue.</summary>
    public const int MinimumCapacity = 10_000;

    // Bounded in rows, not items, so a stalled store cannot exhaust memory however large the batches are; when full,
    // callers refuse the request (503) rather than answer 200 for a prediction that would never be stored.
    private readonly Channel<TelemetryItem> _channel =
        Channel.CreateUnbounded<TelemetryItem>(new UnboundedChannelOptions { SingleReader = true });

    private long _rows;
    private long _dropped;

    public TelemetryQueue()
        : this(DefaultCapacity)
    {
    }

    public TelemetryQueue(int capacity)
    {
        Capacity = capacity;
    }

    /// <summary>How many rows (predictions, or one per request metric) the queue holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Rows waiting for the writer.</summary>
    public int Count => (int)Interlocked.Read(ref _rows);

    /// <summary>Items refused because the queue was full (reported by health).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues predictions (may be empty) and the request that produced them, if their rows fit.</summary>
    public bool TryEnqueue(IReadOnlyList<PredictionRecord> predictions, ApiRequestRecord? request)
    {
        var item = new TelemetryItem(predictions, request);
        if (Interlocked.Add(ref _rows, item.Rows) <= Capacity && _channel.Writer.TryWrite(item))
        {
            return true;
        }
        Interlocked.Add(ref _rows, -item.Rows);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    internal bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TelemetryItem item)
    {
        if (!_channel.Reader.TryRead(out item))
        {
            return false;
        }
        Interlocked.Add(ref _rows, -item.Rows);
        return true;
    }

    internal void Complete() => _channel.Writer.TryComplete();
}

internal sealed record TelemetryItem(IReadOnlyList<PredictionRecord> Predictions, ApiRequestRecord? Request)
{
    /// <summary>What the item costs in the queue's bound: its predictions, or one for a request metric alone.</summary>
    public int Rows => Math.Max(1, Predictions.Count);
}
