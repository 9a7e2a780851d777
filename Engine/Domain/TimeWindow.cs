namespace LeadScoring.Engine.Domain;

/// <summary>A half-open time range [From, To) in Unix milliseconds UTC, as stored.</summary>
public readonly record struct TimeWindow(long FromMs, long ToMs)
{
    public static TimeWindow Last(TimeSpan span, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return new TimeWindow(now - (long)span.TotalMilliseconds, now + 1);
    }

    public static TimeWindow All => new(0, long.MaxValue);

    /// <summary>The window's length; <see cref="TimeSpan.MaxValue"/> for one too long for a TimeSpan (an open end such as <see cref="All"/>).</summary>
    public TimeSpan Length => ToMs - FromMs is var ms && ms < (long)TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.FromMilliseconds(ms) : TimeSpan.MaxValue;

    /// <summary>A bucket width giving at most ~<paramref name="maxBuckets"/> points: 1 min, 5 min, 15 min, 1 h or 1 day.</summary>
    public long BucketMs(int maxBuckets = 300)
    {
        long[] widths = [60_000, 300_000, 900_000, 3_600_000, 86_400_000];
        var span = Math.Max(1, ToMs == long.MaxValue ? 30L * 86_400_000 : ToMs - FromMs);
        return widths.FirstOrDefault(w => span / w <= maxBuckets, widths[^1]);
    }
}
