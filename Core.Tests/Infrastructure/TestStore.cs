using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace LeadScoring.Core.Tests.Infrastructure;

/// <summary>A migrated throwaway SQLite store for Core tests.</summary>
public sealed class TestStore : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"leadscoring-test-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _services;

    public TestStore()
    {
        _services = new ServiceCollection()
            .AddLeadScoringStorage(new StorageOptions { ConnectionString = $"Data Source={_path}" })
            .BuildServiceProvider();
        using var db = Factory.CreateDbContext();
        db.Database.Migrate();
    }

    public ILeadScoringDbFactory Factory => _services.GetRequiredService<ILeadScoringDbFactory>();

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
