using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LeadScoring.Core.Storage;

// Used only by `dotnet ef migrations add` to build each provider's model; never at run time.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLeadScoringDbContext>
{
    public SqliteLeadScoringDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteLeadScoringDbContext>();
        StorageServiceCollectionExtensions.ConfigureSqlite(builder, "Data Source=design.db");
        return new SqliteLeadScoringDbContext(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLeadScoringDbContext>
{
    public PostgresLeadScoringDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresLeadScoringDbContext>();
        StorageServiceCollectionExtensions.ConfigurePostgres(builder, "Host=localhost;Database=design");
        return new PostgresLeadScoringDbContext(builder.Options);
    }
}
