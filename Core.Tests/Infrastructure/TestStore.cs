using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace LeadScoring.Core.Tests.Infrastructure;

/// <summary>A migrated throwaway store for Core tests: SQLite, or PostgreSQL under LEADSCORING_TEST_PROVIDER=postgres.</summary>
public sealed class TestStore : IDisposable
{
    private readonly TestDatabase _database = new("leadscoring-test");
    private readonly ServiceProvider _services;

    public TestStore()
    {
        _services = new ServiceCollection()
            .AddLeadScoringStorage(_database.Options)
            .BuildServiceProvider();
        using var db = Factory.CreateDbContext();
        db.Database.Migrate();
    }

    public ILeadScoringDbFactory Factory => _services.GetRequiredService<ILeadScoringDbFactory>();

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }
}
