namespace LeadScoring.Core.Storage;

/// <summary>What changed in the store, so a page can ignore changes it does not show.</summary>
[Flags]
public enum StoreChange
{
    None = 0,
    Predictions = 1,
    Requests = 2,
    Batches = 4,
    Models = 8,
    Health = 16,

    /// <summary>A retrain job was queued, progressed, finished or was cancelled.</summary>
    Retrain = 32,

    /// <summary>Outcomes arrived and labelled predictions.</summary>
    Outcomes = 64,

    /// <summary>An alert evaluation stored rule states or alerts, or an alert was acknowledged or silenced.</summary>
    Alerts = 128,
}

/// <summary>
/// Tells open pages that new data arrived. Subscribers get at most one callback per <see cref="MinimumInterval"/>
/// (changes in between are merged), so a burst of 2,000 predictions a second costs a page a few re-renders.
/// </summary>
public sealed class StoreChangeNotifier(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Calls <paramref name="callback"/> after changes matching <paramref name="filter"/>; dispose to stop.</summary>
    public IDisposable Subscribe(StoreChange filter, Func<StoreChange, Task> callback)
    {
        var subscription = new Subscription(this, filter, callback);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    /// <summary>
    /// Raised for every change made in this process (not for <see cref="NotifyFromPeer"/>), so a relay can tell the
    /// other instances on the same store (Storage/Cluster).
    /// </summary>
    public event Action<StoreChange>? LocalChange;

    public void Notify(StoreChange change)
    {
        Deliver(change);
        LocalChange?.Invoke(change);
    }

    /// <summary>Raised at once (not coalesced) for every change another process made, e.g. to load a new champion.</summary>
    public event Action<StoreChange>? PeerChange;

    /// <summary>A change another process made (relayed over the store): delivered here, never relayed back.</summary>
    public void NotifyFromPeer(StoreChange change)
    {
        PeerChange?.Invoke(change);
        Deliver(change);
    }

    private void Deliver(StoreChange change)
    {
        Subscription[] targets;
        lock (_gate)
        {
            targets = [.. _subscriptions];
        }
        foreach (var subscription in targets)
        {
            if ((subscription.Filter & change) != 0)
            {
                subscription.Signal(change);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription(StoreChangeNotifier owner, StoreChange filter, Func<StoreChange, Task> callback) : IDisposable
    {
        private int _pending; // StoreChange bits waiting for delivery
        private int _scheduled;
        private volatile bool _disposed;

        public StoreChange Filter { get; } = filter;

        public void Signal(StoreChange change)
        {
            int seen;
            do
            {
                seen = _pending;
            }
            while (Interlocked.CompareExchange(ref _pending, seen | (int)change, seen) != seen);
            if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            {
                _ = DeliverAsync();
            }
        }

        private async Task DeliverAsync()
        {
            await Task.Delay(MinimumInterval, owner.TimeProviderForDelay);
            Interlocked.Exchange(ref _scheduled, 0);
            var changes = (StoreChange)Interlocked.Exchange(ref _pending, 0);
            if (_disposed || changes == StoreChange.None)
            {
                return;
            }
            try
            {
                await callback(changes & Filter);
            }
            catch (Exception) when (_disposed)
            {
                // The page went away while rendering; nothing to tell.
            }
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Remove(this);
        }
    }

    private TimeProvider TimeProviderForDelay => time;
}
