using System.Runtime.CompilerServices;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>
/// bUnit's synchronous WaitFor* calls block pool threads while the renderer's dispatcher needs one; with many test
/// classes in parallel on 2 cores the pool grew too slowly and a check never ran before its timeout (seen once in CI,
/// ModelsPageTests). A higher minimum, once for the assembly, as bUnit's own message recommends; and one wait timeout.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 4), io);
        // bUnit's wait timeout is process-wide (static) and 1 s by default: set once here, not by whichever test context
        // happens to be constructed first (ModelsPageTests, which builds a plain BunitContext, ran with 1 s when first).
        Bunit.BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }
}
