using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage;

/// <summary>The store opened without a host (server tools such as `leadscoring admin`), same providers and setup.</summary>
public static class StandaloneStore
{
    /// <summary>A context factory for <paramref name="options"/>; the connection string must already be resolved.</summary>
    public static ILeadScoringDbFactory Open(StorageOptions options) => options.IsPostgres
        ? new Factory(() => new PostgresLeadScoringDbContext(Build<PostgresLeadScoringDbContext>(b => StorageServiceCollectionExtensions.ConfigurePostgres(b, options.ConnectionString))))
        : new Factory(() => new SqliteLeadScoringDbContext(Build<SqliteLeadScoringDbContext>(b => StorageServiceCollectionExtensions.ConfigureSqlite(b, options.ConnectionString))));

    private static DbContextOptions<T> Build<T>(Action<DbContextOptionsBuilder> configure)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        configure(builder);
        return builder.Options;
    }

    private sealed class Factory(Func<LeadScoringDbContext> create) : ILeadScoringDbFactory
    {
        public LeadScoringDbContext CreateDbContext() => create();
    }
}
