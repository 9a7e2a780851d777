using LeadScoring.Core.Models;
using LeadScoring.Core.Promotions;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Tests.Alerts;
using LeadScoring.Core.Tests.Models;
using LeadScoring.Core.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadScoring.Core.Tests.Promotions;

/// <summary>Promotion and rollback with their evidence records on a real PostgreSQL server (scripts/start-test-postgres.sh).</summary>
public sealed class PostgresPromotionTests
{
    [PostgresFact]
    public async Task PromoteAndRollBack_StoreEvidenceAndAuditInTheChangeTransaction_OnPostgres()
    {
        var server = Environment.GetEnvironmentVariable("LEADSCORING_TEST_POSTGRES")!;
        var database = $"leadscoring_promotions_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var storage = new StorageOptions { Provider = "Postgres", ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString };
        try
        {
            await using var host = new AlertTestHost(storage: storage);
            var v1 = await host.SeedChampionAsync();
            var registry = host.Services.GetRequiredService<ModelRegistry>();
            var built = ModelVersionBuilder.Build(AlertTestHost.ReferenceLeads.Take(2000).ToList(), "v2", seed: 7, trainerOptions: RegistryTestHost.FastTrainer);
            var v2 = (await registry.RegisterAsync(built.Version, "test")).Id;
            var promotions = host.Services.GetRequiredService<PromotionService>();

            var promoted = await promotions.PromoteAsync(new PromotionRequest(v2, "postgres check"), "alice");
            var rolledBack = await promotions.RollbackAsync("bob");

            Assert.Equal(v1, rolledBack!.Champion.Id);
            Assert.Equal([rolledBack.RecordId, promoted.RecordId], (await promotions.ListAsync()).Select(p => p.Id));
            Assert.Equal("postgres check", PromotionEvidence.Parse((await promotions.GetAsync(promoted.RecordId))!.EvidenceJson)!.Reason);
            await using var db = host.Db.CreateDbContext();
            Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action.EndsWith(".evidence")));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
