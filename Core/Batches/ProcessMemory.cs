using System.Runtime.InteropServices;

namespace LeadScoring.Core.Batches;

/// <summary>
/// Hands memory that a finished large job no longer uses back to the operating system: the managed heap's dead
/// gen2 and large-object garbage (one full compacting collection) and the C allocator's free blocks (glibc keeps
/// freed native memory — ONNX Runtime's and SQLite's — in its arenas; in the 30-minute soak that was ~30 MB of RSS
/// after a few uploads, released at once by malloc_trim).
/// </summary>
internal static class ProcessMemory
{
    public static void ReturnUnused()
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
}
