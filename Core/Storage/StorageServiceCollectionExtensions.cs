using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadScoring.Core.Storage;

/// <summary>Registers the store for the provider named in <see cref="StorageOptions"/>.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddLeadScoringStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton<IFreeSpaceSource, StoreDiskFreeSpace>();
        services.AddSingleton<StorageFloor>();
        if (options.IsPostgres)
        {
            services.AddDbContextFactory<PostgresLeadScoringDbContext>(o => ConfigurePostgres(o, options.ConnectionString));
            services.AddSingleton<ILeadScoringDbFactory, DbFactory<PostgresLeadScoringDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqliteLeadScoringDbContext>(o => ConfigureSqlite(o, options.ConnectionString));
            services.AddSingleton<ILeadScoringDbFactory, DbFactory<SqliteLeadScoringDbContext>>();
        }
        // Identity's stores take a scoped context.
        services.AddScoped<LeadScoringDbContext>(sp => sp.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext());
        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(LeadScoringDbContext).Assembly.GetName().Name))
            .AddInterceptors(new SqliteConnectionSetup());

    internal static void ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(LeadScoringDbContext).Assembly.GetName().Name));

    private sealed class DbFactory<TContext>(IDbContextFactory<TContext> inner) : ILeadScoringDbFactory
        where TContext : LeadScoringDbContext
    {
        public LeadScoringDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>One short-lived context per operation: a Blazor circuit outlives a request.</summary>
public interface ILeadScoringDbFactory
{
    LeadScoringDbContext CreateDbContext();
}
