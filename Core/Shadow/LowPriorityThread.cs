using System.Runtime.InteropServices;

namespace LeadScoring.Core.Shadow;

/// <summary>
/// Lowers the calling thread's CPU priority. On Linux a thread has its own nice value (setpriority on its thread id;
/// raising it needs no privilege) and .NET's <see cref="Thread.Priority"/> is not applied there; elsewhere that
/// property is used.
/// </summary>
internal static class LowPriorityThread
{
    private const int PrioProcess = 0;

    /// <summary>Applies <paramref name="nice"/> (0–19; 0 leaves the thread as it is); false when the platform refused.</summary>
    public static bool Lower(int nice)
    {
        if (nice <= 0)
        {
            return true;
        }
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return SetPriority(PrioProcess, GetThreadId(), nice) == 0;
            }
            Thread.CurrentThread.Priority = ThreadPriority.Lowest;
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The calling thread's nice value on Linux (for tests), else null.</summary>
    public static int? CurrentNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        Marshal.SetLastPInvokeError(0);
        var value = GetPriority(PrioProcess, GetThreadId());
        return value == -1 && Marshal.GetLastPInvokeError() != 0 ? null : value;
    }

    // DllImport rather than LibraryImport: plain int arguments need no marshalling code and no unsafe build.
    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static extern int GetPriority(int which, int who);
}
