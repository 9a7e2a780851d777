using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// Failed sign-ins counted per (account, client address) pair, with a wait that doubles per failure after the first
/// few. A guesser slows down only themselves: the owner signing in from another address never waits. Unknown user
/// names are counted the same way, so the waits tell nothing about which accounts exist. In memory and per process:
/// a restart forgets the pairs (the account-wide lockout in the store stays).
/// </summary>
public sealed class SignInThrottle(IOptions<SecurityOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _pairs = new(StringComparer.Ordinal);

    /// <summary>The pair's key: the normalized user name and the client address (after trusted forwarded headers).</summary>
    public static string Key(string userName, string? clientAddress) =>
        userName.Trim().Normalize().ToUpperInvariant() + "\n" + (clientAddress ?? "unknown");

    /// <summary>
    /// How long the pair must still wait before its next attempt is even checked (zero: it may try now).
    /// <paramref name="accountStamp"/> is the account's current security stamp: when it changed since the failures
    /// (password reset, unlock) they are forgotten, so a recovered owner is not kept waiting.
    /// </summary>
    public TimeSpan WaitLeft(string key, string? accountStamp)
    {
        if (!_pairs.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }
        var now = time.GetUtcNow();
        if (entry.AccountStamp != accountStamp || now - entry.LastFailure > Memory)
        {
            _pairs.TryRemove(KeyValuePair.Create(key, entry));
            return TimeSpan.Zero;
        }
        var left = entry.WaitUntil - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Counts a wrong password (or unknown user name) for the pair and sets its next wait.</summary>
    public void RecordFailure(string key, string? accountStamp)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        _pairs.AddOrUpdate(key,
            _ => Next(0, now, accountStamp, settings),
            (_, old) => Next(old.AccountStamp == accountStamp && now - old.LastFailure <= Memory ? old.Failures : 0, now, accountStamp, settings));
        if (_pairs.Count > Math.Max(1, settings.MaxTrackedSignInPairs))
        {
            Prune(now, settings.MaxTrackedSignInPairs);
        }
    }

    /// <summary>Forgets the pair (after a correct password).</summary>
    public void Forget(string key) => _pairs.TryRemove(key, out _);

    private TimeSpan Memory => TimeSpan.FromMinutes(Math.Max(1, options.Value.FailureMemoryMinutes));

    private static Entry Next(int previousFailures, DateTimeOffset now, string? stamp, SecurityOptions settings)
    {
        var failures = previousFailures + 1;
        var beyond = failures - Math.Max(1, settings.FailuresBeforeDelay);
        if (beyond < 0)
        {
            return new Entry(failures, now, now, stamp);
        }
        // Doubling from the first delay, capped (the exponent too, so the double never overflows).
        var seconds = Math.Min(Math.Max(1, settings.FailureDelaySeconds) * Math.Pow(2, Math.Min(beyond, 30)), Math.Max(1, settings.MaxFailureDelaySeconds));
        return new Entry(failures, now, now + TimeSpan.FromSeconds(seconds), stamp);
    }

    private void Prune(DateTimeOffset now, int max)
    {
        foreach (var (key, entry) in _pairs)
        {
            if (now - entry.LastFailure > Memory)
            {
                _pairs.TryRemove(key, out _);
            }
        }
        var excess = _pairs.Count - max;
        if (excess > 0)
        {
            foreach (var (key, _) in _pairs.OrderBy(p => p.Value.LastFailure).Take(excess).ToList())
            {
                _pairs.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset WaitUntil, string? AccountStamp);
}
