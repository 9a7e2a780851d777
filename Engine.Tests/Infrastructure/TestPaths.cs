namespace LeadScoring.Engine.Tests.Infrastructure;

/// <summary>Locations of the repository, its demo data and the read-only ../shared reference data.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The folder holding LeadScoring.Dashboard.sln.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary>The repository's own demo data folder (data/).</summary>
    public static string DataDirectory => Path.Combine(RepositoryRoot, "data");

    /// <summary>../shared beside the repository; may be absent (tests then skip).</summary>
    public static string SharedDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static bool SharedAvailable => Directory.Exists(Path.Combine(SharedDirectory, "data"));

    /// <summary>
    /// CI sets LEADSCORING_REQUIRE_SHARED=1: there a missing ../shared fails the parity tests instead of skipping them,
    /// so a broken checkout cannot pass green with the parity checks silently off.
    /// </summary>
    public static bool SharedRequired => Environment.GetEnvironmentVariable("LEADSCORING_REQUIRE_SHARED") == "1";

    /// <summary>Why a test needing ../shared skips here, or null when it must run.</summary>
    public static string? SharedSkipReason => SharedAvailable || SharedRequired ? null : "../shared reference data is absent on this machine";

    /// <summary>A file under ../shared, e.g. Shared("data", "original", "model.onnx").</summary>
    public static string Shared(params string[] parts) => Path.Combine([SharedDirectory, .. parts]);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LeadScoring.Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("LeadScoring.Dashboard.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs ../shared; it skips with a reason where the folder is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        Skip = TestPaths.SharedSkipReason;
    }
}

/// <summary>A theory that needs ../shared; it skips with a reason where the folder is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        Skip = TestPaths.SharedSkipReason;
    }
}
