using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>
/// A key stored before API keys had scopes could do everything; the ApiKeyScopes migration gives it every scope
/// ("ingest,read,admin"), on both providers, so no running job breaks on upgrade.
/// </summary>
public sealed class ApiKeyScopesMigrationTests
{
    [Fact]
    public async Task Sqlite_KeyFromBeforeScopes_GetsEveryScope()
    {
        var path = Path.Combine(Path.GetTempPath(), $"leadscoring-scopes-{Guid.NewGuid():N}.db");
        try
        {
            await OldKeyGetsEveryScopeAsync(new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={path};Pooling=False" });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [PostgresFact]
    public async Task Postgres_KeyFromBeforeScopes_GetsEveryScope()
    {
        var server = Environment.GetEnvironmentVariable("LEADSCORING_TEST_POSTGRES")!;
        var database = $"leadscoring_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        await OldKeyGetsEveryScopeAsync(new StorageOptions
        {
            Provider = "Postgres", ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
        });
    }

    private static async Task OldKeyGetsEveryScopeAsync(StorageOptions options)
    {
        await using var services = new ServiceCollection().AddLeadScoringStorage(options).BuildServiceProvider();
        await using var db = services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        var scopes = migrations.FindIndex(m => m.EndsWith("_ApiKeyScopes", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[scopes - 1]);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO api_keys (\"Name\", \"Prefix\", \"Hash\", \"CreatedBy\", \"CreatedAtUtc\") VALUES ('nightly job', 'lsk_old', 'old-hash', 'admin', {DateTime.UtcNow})");

        await migrator.MigrateAsync();

        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Hash == "old-hash");
        Assert.Equal("ingest,read,admin", row.Scopes);
    }
}
