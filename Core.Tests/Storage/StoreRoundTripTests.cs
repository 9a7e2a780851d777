using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Core.Tests.Infrastructure;

namespace LeadScoring.Core.Tests.Storage;

[Trait("Store", "both")]
public sealed class StoreRoundTripTests : IDisposable
{
    private readonly TestStore _store = new();

    private ILeadScoringDbFactory Factory => _store.Factory;

    [Fact]
    [Trait("Provider", "sqlite-only")] // WAL mode and sqlite_master
    public async Task Migrate_FreshFile_CreatesEveryTableInWalMode()
    {
        await using var db = Factory.CreateDbContext();
        await db.Database.MigrateAsync();

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT name FROM sqlite_master WHERE type='table'";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Superset(new HashSet<string> { "predictions", "batches", "model_versions", "api_requests", "health_probes", "audit_log", "AspNetUsers" }, tables.ToHashSet());
    }

    [Fact]
    public async Task Prediction_SavedAndReadBack_KeepsEveryFieldAndExactFeatures()
    {
        double[] features = [0.1 + 0.2, double.Epsilon, -0.0, 2016.5, 0.40082644628099173, 1e308];
        await using (var db = Factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            db.ModelVersions.Add(new ModelVersionRecord { Id = 7, Version = 1, Name = "v1", Status = ModelStatus.Champion, Origin = "trained", OnnxModel = [1, 2, 3] });
            db.Batches.Add(new BatchRecord { Id = 3, FileName = "leads.csv", Status = BatchStatus.Completed, TotalRows = 1, StoredRows = 1 });
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = 1_763_900_000_123, BatchId = 3, ModelVersionId = 7, Score = 0.8754, PredictedEngaged = true,
                ActualEngaged = 0, InferenceMs = 0.012, EndToEndMs = 1.5, Features = FeatureBlob.Pack(features), Source = PredictionSource.Upload,
            });
            await db.SaveChangesAsync();
        }

        await using (var db = Factory.CreateDbContext())
        {
            var stored = await db.Predictions.SingleAsync();
            Assert.Equal((1_763_900_000_123L, 3L, 7, 0.8754, true, 0), (stored.TimestampMs, stored.BatchId!.Value, stored.ModelVersionId, stored.Score, stored.PredictedEngaged, stored.ActualEngaged!.Value));
            Assert.Equal((0.012, 1.5, PredictionSource.Upload), (stored.InferenceMs, stored.EndToEndMs, stored.Source));
            var back = FeatureBlob.Unpack(stored.Features);
            Assert.Equal(features.Select(BitConverter.DoubleToInt64Bits), back.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    [Trait("Provider", "sqlite-only")] // SQLite's EXPLAIN QUERY PLAN text
    public async Task TimeWindowQuery_UsesTheTimestampIndex()
    {
        await using var db = Factory.CreateDbContext();
        await db.Database.MigrateAsync();

        var sql = db.Predictions.Where(p => p.TimestampMs >= 1000 && p.TimestampMs < 2000).Select(p => p.Score).ToQueryString();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = string.Join(" | ", await ReadColumnAsync(command, 3));

        Assert.Contains("USING COVERING INDEX", plan);
    }

    private static async Task<List<string>> ReadColumnAsync(SqliteCommand command, int ordinal)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(ordinal));
        }
        return values;
    }

    public void Dispose() => _store.Dispose();
}
