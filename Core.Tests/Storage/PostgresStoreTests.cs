using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>A real PostgreSQL server (scripts/start-test-postgres.sh; CI starts one): the scale-out store works the same.</summary>
public sealed partial class PostgresStoreTests : IAsyncLifetime
{
    private readonly string? _server = Environment.GetEnvironmentVariable("LEADSCORING_TEST_POSTGRES");
    private readonly string _database = $"leadscoring_test_{Guid.NewGuid():N}";
    private ServiceProvider? _services;

    private ILeadScoringDbFactory Factory => _services!.GetRequiredService<ILeadScoringDbFactory>();

    public async Task InitializeAsync()
    {
        if (_server is null)
        {
            return;
        }
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
        _services = new ServiceCollection()
            .AddLeadScoringStorage(new StorageOptions { Provider = "Postgres", ConnectionString = connection })
            .BuildServiceProvider();
        await using var db = Factory.CreateDbContext();
        await db.Database.MigrateAsync();
    }

    [PostgresFact]
    public Task Outcomes_LatestPredictionBeforeObservation_IsLabelled() => Outcomes.OutcomeScenario.LatestPredictionBeforeObservation_IsLabelled(Factory);

    [PostgresFact]
    public Task Outcomes_SecondOutcomeForALead_ReplacesTheFirst() => Outcomes.OutcomeScenario.SecondOutcome_ReplacesTheFirst(Factory);

    [PostgresFact]
    public Task Retention_DeletesExpiredRows_KeepsRollupsTrue() => RetentionScenario.Purge_DeletesExpiredRows_KeepsRollupsTrue(Factory);

    [PostgresFact]
    public Task Retention_DeletesDriftRunsOlderThanDriftRunDays() => RetentionScenario.Purge_DeletesDriftRunsOlderThanDriftRunDays(Factory);

    [PostgresFact]
    public Task Retention_RemovesShadowScoresWithTheirPredictions() => ShadowRetentionScenario.Purge_RemovesShadowScoresWithTheirPredictions(Factory);

    [PostgresFact]
    public Task ShadowScores_BulkWrite_RoundTripsAndIsAllOrNothing() => ShadowScoreWriteScenario.Write_RoundTripsThroughEf_AndADuplicateKeyWritesNothing(Factory);

    [PostgresFact]
    public Task Retention_OfManyRows_DeletesInBoundedTransactions() => RetentionScenario.Purge_OfManyRows_DeletesInBoundedTransactions(Factory);

    [PostgresFact]
    public async Task BulkWriter_CopiesRowsInTheTransaction_AndRollbackStoresNothing()
    {
        PredictionRecord[] rows = [.. Enumerable.Range(0, 1000).Select(i => new PredictionRecord
        {
            TimestampMs = 1_000 + i, ModelVersionId = 1, Score = i / 1000.0, BatchId = i % 2 == 0 ? 7 : null, ActualEngaged = i % 3 == 0 ? 1 : null,
            Features = FeatureBlob.Pack([i, 0.5]),
        })];
        await using (var db = Factory.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            await PredictionBulkWriter.WriteAsync(db, rows);
            await rolledBack.RollbackAsync();
        }
        await using (var db = Factory.CreateDbContext())
        {
            Assert.Equal(0, await db.Predictions.CountAsync());
            await db.Database.OpenConnectionAsync();
            await using var committed = await db.Database.BeginTransactionAsync();
            await PredictionBulkWriter.WriteAsync(db, rows);
            await committed.CommitAsync();
        }
        await using (var db = Factory.CreateDbContext())
        {
            Assert.Equal(1000, await db.Predictions.CountAsync());
            var last = await db.Predictions.OrderBy(p => p.TimestampMs).LastAsync();
            Assert.Equal((0.999, (long?)null, (int?)1), (last.Score, last.BatchId, last.ActualEngaged)); // 999: odd (no batch), a multiple of 3 (labelled)
            Assert.Equal([999.0, 0.5], FeatureBlob.Unpack(last.Features));
        }
    }

    [PostgresFact]
    public async Task ScoreHistogram_FloorsLikeSqlite()
    {
        await using (var db = Factory.CreateDbContext())
        {
            // 0.049 and 0.074 would round up to the next bin with a PostgreSQL CAST; floor keeps them in place.
            foreach (var score in new[] { 0.049, 0.074, 0.5, 1.0 })
            {
                db.Predictions.Add(new PredictionRecord { TimestampMs = 10, ModelVersionId = 1, Score = score, Features = [] });
            }
            await db.SaveChangesAsync();
        }

        var histogram = await new MonitoringQueries(Factory).ScoreHistogramAsync(new PredictionFilter(new TimeWindow(0, 100)));

        Assert.Equal(1, histogram.Counts[0]);
        Assert.Equal(1, histogram.Counts[1]);
        Assert.Equal(1, histogram.Counts[10]);
        Assert.Equal(1, histogram.Counts[19]);
    }

    [PostgresFact]
    public Task MinuteRollups_RandomWindows_EqualTheRawRows() => MinuteRollupScenario.RandomWindows_EqualTheRawRows(Factory);

    [PostgresFact]
    public Task Seeder_SpreadsTheRows_AndLeavesTheRollupsTrue() => PredictionSeederScenario.Seed_SpreadsTheRows_AndLeavesTheRollupsTrue(Factory);

    [PostgresFact]
    public Task MinuteRollups_OpenHour_IsReadFromMinuteRollups() => MinuteRollupScenario.OpenHour_IsReadFromMinuteRollups(Factory);

    [PostgresFact]
    public async Task Rollups_AdvanceAndLateInserts_MatchTheRows()
    {
        const long hour = PredictionRollups.HourMs;
        PredictionRecord Row(long t, int i) => new()
        {
            TimestampMs = t, ModelVersionId = 1 + i % 2, Score = i % 100 / 100.0, PredictedEngaged = i % 100 >= 50, InferenceMs = 0.1 + i % 7,
            EndToEndMs = 2 + i % 5, Features = [],
        };
        async Task WriteAsync(IEnumerable<PredictionRecord> rows)
        {
            await using var db = Factory.CreateDbContext();
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await PredictionBulkWriter.WriteAsync(db, [.. rows]);
            await transaction.CommitAsync();
        }
        await WriteAsync(Enumerable.Range(0, 600).Select(i => Row(i * 60_000L, i))); // 10 hours
        var rollups = new PredictionRollups(Factory, new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(12 * hour)));
        Assert.Equal(12 * hour - hour, await rollups.AdvanceAsync()); // 12:00 minus the grace is in hour 11

        await WriteAsync(Enumerable.Range(0, 30).Select(i => Row(2 * hour + i, i))); // late, below the watermark

        var day = await rollups.ReadAsync(new TimeWindow(0, 24 * hour), null, 24 * hour);
        Assert.Equal(630, day[0].Count);
        Assert.Equal(630, await rollups.CountAsync(new TimeWindow(0, 24 * hour), null));
        await using var check = Factory.CreateDbContext();
        Assert.Equal(630, await check.PredictionRollups.SumAsync(r => r.Count));
        Assert.Equal(await check.Predictions.CountAsync(p => p.ModelVersionId == 2),
            (await rollups.ReadAsync(new TimeWindow(0, 24 * hour), 2, long.MaxValue))[0].Count);
    }

    public async Task DisposeAsync()
    {
        if (_services is null)
        {
            return;
        }
        await _services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Needs LEADSCORING_TEST_POSTGRES (a server connection string); CI sets it and requires these to run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LEADSCORING_TEST_POSTGRES") is null && Environment.GetEnvironmentVariable("LEADSCORING_REQUIRE_POSTGRES") != "1")
        {
            Skip = "No PostgreSQL server: run eval \"$(scripts/start-test-postgres.sh)\" first";
        }
    }
}
