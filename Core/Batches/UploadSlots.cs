using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Batches;

/// <summary>
/// Concurrent uploads per uploader and in total (Uploads:MaxConcurrentPerUser / :MaxConcurrentTotal). Taken before a
/// byte of the body is read, so a refused upload costs nothing; released when the upload ends, however it ends.
/// </summary>
public sealed class UploadSlots(IOptions<UploadOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _perUser = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private int _total;

    /// <summary>Uploads running now.</summary>
    public int Running => Volatile.Read(ref _total);

    /// <summary>A slot for <paramref name="uploader"/>, or null and the message naming the limit that refused it.</summary>
    public (IDisposable? Slot, string? Refusal) TryTake(string uploader)
    {
        var limits = options.Value;
        lock (_lock)
        {
            var mine = _perUser.GetValueOrDefault(uploader);
            if (mine >= limits.MaxConcurrentPerUser)
            {
                return (null, $"You already have {mine} uploads running, the limit (Uploads:MaxConcurrentPerUser = {limits.MaxConcurrentPerUser}); wait for one to finish.");
            }
            if (_total >= limits.MaxConcurrentTotal)
            {
                return (null, $"{_total} uploads are running, the server's limit (Uploads:MaxConcurrentTotal = {limits.MaxConcurrentTotal}); try again shortly.");
            }
            _perUser[uploader] = mine + 1;
            _total++;
        }
        return (new Slot(this, uploader), null);
    }

    private void Give(string uploader)
    {
        lock (_lock)
        {
            var left = _perUser.GetValueOrDefault(uploader) - 1;
            if (left <= 0)
            {
                _perUser.TryRemove(uploader, out _);
            }
            else
            {
                _perUser[uploader] = left;
            }
            _total--;
        }
    }

    private sealed class Slot(UploadSlots owner, string uploader) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
            {
                owner.Give(uploader);
            }
        }
    }
}
