using System.Diagnostics.Metrics;
using System.Threading.Channels;
using LeadScoring.Core.Models;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Core.Shadow;

/// <summary>One request's rows for the challenger: the raw leads and the keys their champion predictions carry.</summary>
/// <param name="Leads">The leads as the request sent them (the challenger applies its own feature pipeline).</param>
/// <param name="Keys">Key i links lead i's challenger score to its stored champion prediction.</param>
/// <param name="TimestampMs">The predictions' time.</param>
public sealed record ShadowItem(IReadOnlyList<RawLead> Leads, Guid[] Keys, long TimestampMs);

/// <summary>
/// Hands scored requests to <see cref="ShadowWorker"/>. Bounded in rows (<see cref="ShadowOptions.QueueRows"/>): when
/// the challenger falls behind, new rows are dropped and counted, so the request path never waits for it and memory
/// stays bounded.
/// </summary>
public sealed class ShadowQueue
{
    /// <summary>The meter of the shadow counters on /metrics.</summary>
    public const string MeterName = "LeadScoring.Shadow";

    private readonly Channel<ShadowItem> _channel = Channel.CreateUnbounded<ShadowItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ChallengerHolder _challenger;
    private long _rows;
    private long _dropped;
    private long _accepted;
    private long _lost;

    public ShadowQueue(ChallengerHolder challenger, int capacity, IMeterFactory? meters = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _challenger = challenger;
        Capacity = capacity;
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        meter.CreateObservableCounter("leadscoring.shadow.dropped", () => Dropped, "{row}", "Rows not shadow-scored because the shadow queue was full");
        meter.CreateObservableCounter("leadscoring.shadow.accepted", () => Accepted, "{row}", "Rows queued for the shadow challenger");
        meter.CreateObservableCounter("leadscoring.shadow.lost", () => Lost, "{row}", "Rows accepted but not stored (challenger cleared, store failure)");
        meter.CreateObservableGauge("leadscoring.shadow.queued", () => Count, "{row}", "Rows waiting for the shadow challenger");
    }

    /// <summary>Rows the queue holds at most.</summary>
    public int Capacity { get; }

    /// <summary>True when a challenger is live, i.e. requests should carry shadow keys.</summary>
    public bool IsActive => _challenger.IsLive;

    /// <summary>Rows waiting.</summary>
    public int Count => (int)Interlocked.Read(ref _rows);

    /// <summary>Rows dropped because the queue was full (since start).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Rows accepted (since start).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Queues a request's rows if they fit; otherwise drops them and counts them. Never blocks.</summary>
    public bool TryOffer(ShadowItem item)
    {
        var rows = item.Keys.Length;
        if (Interlocked.Add(ref _rows, rows) <= Capacity && _channel.Writer.TryWrite(item))
        {
            Interlocked.Add(ref _accepted, rows);
            return true;
        }
        Interlocked.Add(ref _rows, -rows);
        Interlocked.Add(ref _dropped, rows);
        return false;
    }

    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    internal bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ShadowItem item)
    {
        if (!_channel.Reader.TryRead(out item))
        {
            return false;
        }
        Interlocked.Add(ref _rows, -item.Keys.Length);
        return true;
    }

    /// <summary>Rows accepted but not stored: the challenger was cleared before they were scored, or the store failed.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    internal void CountLost(int rows) => Interlocked.Add(ref _lost, rows);
}
