using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LeadScoring.Dashboard.Tests.Services;

public sealed class StoragePathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("storage-paths-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ResolveSqlitePath_RelativePath_IsUnderTheContentRootAndItsFolderExists()
    {
        var resolved = new SqliteConnectionStringBuilder(StoragePaths.ResolveSqlitePath(
            new StorageOptions { ConnectionString = "Data Source=App_Data/x.db" }, _root));

        Assert.Equal(Path.Combine(_root, "App_Data", "x.db"), resolved.DataSource);
        Assert.True(Directory.Exists(Path.Combine(_root, "App_Data")));
    }

    [Fact]
    public void ResolveSqlitePath_NoTimeoutGiven_WaitsFiveSecondsForALock()
    {
        var resolved = new SqliteConnectionStringBuilder(StoragePaths.ResolveSqlitePath(
            new StorageOptions { ConnectionString = "Data Source=a.db" }, _root));

        Assert.Equal(StoragePaths.DefaultBusyTimeoutSeconds, resolved.DefaultTimeout);
    }

    [Fact]
    public void ResolveSqlitePath_TimeoutGiven_IsKept()
    {
        var resolved = new SqliteConnectionStringBuilder(StoragePaths.ResolveSqlitePath(
            new StorageOptions { ConnectionString = "Data Source=a.db;Default Timeout=12" }, _root));

        Assert.Equal(12, resolved.DefaultTimeout);
    }

    [Fact]
    public void ResolveSqlitePath_InMemory_IsLeftAlone()
    {
        var resolved = new SqliteConnectionStringBuilder(StoragePaths.ResolveSqlitePath(
            new StorageOptions { ConnectionString = "Data Source=:memory:" }, _root));

        Assert.Equal(":memory:", resolved.DataSource);
    }

    [Fact]
    public void ResolveSqlitePath_Postgres_IsReturnedUnchanged()
    {
        const string postgres = "Host=db;Database=leadscoring";

        Assert.Equal(postgres, StoragePaths.ResolveSqlitePath(new StorageOptions { Provider = "Postgres", ConnectionString = postgres }, _root));
    }
}
