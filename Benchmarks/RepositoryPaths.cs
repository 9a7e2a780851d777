namespace LeadScoring.Benchmarks;

/// <summary>Where the repository is, for benchmarks that read its data/ or scripts.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding LeadScoring.Dashboard.sln, searched upwards from the benchmark's binaries.</summary>
    public static string Root()
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
