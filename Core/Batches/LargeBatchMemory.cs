using System.Runtime.InteropServices;

namespace LeadScoring.Core.Batches;

/// <summary>
/// Hands memory that finished large batches no longer use back to the operating system. A large batch's parsed leads,
/// features and records live through several gen0/gen1 collections while it is scored, get promoted, and then sit
/// dead in gen2 and the large-object heap until the next full collection, which on a server that mostly answers small
/// requests can be far off: +50–100 MB of RSS per upload for nothing (measured in the soak). So once a batch's result
/// has been handed back (2 s later) and no other batch is being processed (the last of concurrent uploads does it,
/// never one mid-flight with a large live heap), one full compacting collection returns that memory, and the C
/// allocator's free blocks go back too (glibc keeps memory freed by ONNX Runtime and SQLite in its arenas: ~30 MB of
/// RSS in the soak, released at once by malloc_trim). Its pause is tens of ms.
/// </summary>
public sealed class LargeBatchMemory
{
    /// <summary>Batches at least this large hand their memory back to the system shortly after they finish.</summary>
    public const int LargeBatchRows = 10_000;

    private int _inProgress;
    private int _collectionPending;

    /// <summary>Marks a batch as in flight until the returned scope is disposed with its row count.</summary>
    public Scope Begin()
    {
        Interlocked.Increment(ref _inProgress);
        return new Scope(this);
    }

    private void End(int rows)
    {
        Interlocked.Decrement(ref _inProgress);
        if (rows < LargeBatchRows || Interlocked.Exchange(ref _collectionPending, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            Volatile.Write(ref _collectionPending, 0);
            if (Volatile.Read(ref _inProgress) == 0)
            {
                ReturnUnused();
            }
        });
    }

    private static void ReturnUnused()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                // Not glibc (e.g. musl): nothing to trim.
            }
        }
    }

    // DllImport rather than LibraryImport: an int in, an int out needs no marshalling, and no unsafe code in Core.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    /// <summary>One batch in flight; <see cref="Rows"/> says how large it turned out to be.</summary>
    public sealed class Scope(LargeBatchMemory owner) : IDisposable
    {
        private int _disposed;

        /// <summary>Rows the batch read (set before disposing).</summary>
        public int Rows { get; set; }

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.End(Rows);
            }
        }
    }
}
