namespace LeadScoring.Core.Alerts;

/// <summary>
/// Counts failed API-key authentications per minute for the <c>auth_failures_per_minute</c> signal. In memory (a
/// restart starts from zero): it watches for an ongoing attack, not history. Keeps the last hour.
/// </summary>
public sealed class AuthFailureCounter(TimeProvider time)
{
    private const int Minutes = 60;
    private readonly long[] _minute = new long[Minutes];
    private readonly long[] _count = new long[Minutes];
    private readonly Lock _gate = new();

    /// <summary>One failed authentication now.</summary>
    public void Record()
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var slot = (int)(minute % Minutes);
        lock (_gate)
        {
            if (_minute[slot] != minute)
            {
                _minute[slot] = minute;
                _count[slot] = 0;
            }
            _count[slot]++;
        }
    }

    /// <summary>Failures per minute over the last <paramref name="windowSeconds"/> (at least one minute, at most an hour), and the count.</summary>
    public (double PerMinute, long Count) Rate(long windowSeconds)
    {
        var minutes = (int)Math.Clamp((windowSeconds + 59) / 60, 1, Minutes);
        var now = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        long total = 0;
        lock (_gate)
        {
            for (var m = now - minutes + 1; m <= now; m++)
            {
                var slot = (int)(m % Minutes);
                if (_minute[slot] == m)
                {
                    total += _count[slot];
                }
            }
        }
        return ((double)total / minutes, total);
    }
}
