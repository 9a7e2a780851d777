using System.Runtime.CompilerServices;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>
/// bUnit's synchronous WaitFor* calls block pool threads while the renderer's dispatcher needs one; with many test
/// classes in parallel on 2 cores the pool grew too slowly and a check never ran before its timeout (seen once in CI,
/// ModelsPageTests). A higher minimum, once for the assembly, as bUnit's own message recommends.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 4), io);
    }
}
