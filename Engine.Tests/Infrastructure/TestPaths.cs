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
        if (!TestPaths.SharedAvailable)
        {
            Skip = "../shared reference data is absent on this machine";
        }
    }
}

/// <summary>A theory that needs ../shared; it skips with a reason where the folder is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!TestPaths.SharedAvailable)
        {
            Skip = "../shared reference data is absent on this machine";
        }
    }
}
