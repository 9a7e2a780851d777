namespace LeadScoring.Core.Storage;

/// <summary>
/// The outcome of the latest store writes (batch ingestion, telemetry), so health can report "storage full" or
/// "busy" from real writes rather than from a probe that may fit in a free page.
/// </summary>
public sealed class StoreWriteMonitor(TimeProvider time)
{
    private readonly Lock _lock = new();
    private StoreFailure _failure;
    private DateTimeOffset? _failedAt;

    /// <summary>The failure of the latest write, or None when it succeeded.</summary>
    public StoreFailure CurrentFailure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

    /// <summary>When the current failure was first seen (null when the latest write succeeded).</summary>
    public DateTimeOffset? FailingSince
    {
        get
        {
            lock (_lock)
            {
                return _failedAt;
            }
        }
    }

    /// <summary>
    /// A write committed. A small write (telemetry, a few rows) can fit in a free page of a full disk, so only a
    /// <paramref name="large"/> one (a batch) clears a "full" state.
    /// </summary>
    public void Succeeded(bool large = false)
    {
        lock (_lock)
        {
            if (_failure == StoreFailure.Full && !large)
            {
                return;
            }
            _failure = StoreFailure.None;
            _failedAt = null;
        }
    }

    /// <summary>A write failed with <paramref name="failure"/>.</summary>
    public void Failed(StoreFailure failure)
    {
        if (failure == StoreFailure.None)
        {
            return;
        }
        lock (_lock)
        {
            if (_failure != failure)
            {
                _failedAt = time.GetUtcNow();
            }
            _failure = failure;
        }
    }
}
