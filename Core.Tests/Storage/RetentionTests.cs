using LeadScoring.Core.Storage.Retention;
using LeadScoring.Core.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The retention purge on SQLite (the same scenarios run on PostgreSQL in PostgresStoreTests).</summary>
[Trait("Store", "both")]
public sealed class RetentionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public Task Purge_DeletesExpiredRows_KeepsRollupsTrue() => RetentionScenario.Purge_DeletesExpiredRows_KeepsRollupsTrue(_store.Factory);

    [Fact]
    public Task Purge_DeletesDriftRunsOlderThanDriftRunDays() => RetentionScenario.Purge_DeletesDriftRunsOlderThanDriftRunDays(_store.Factory);

    [Fact]
    public Task Purge_RemovesShadowScoresWithTheirPredictions() => ShadowRetentionScenario.Purge_RemovesShadowScoresWithTheirPredictions(_store.Factory);

    [Fact]
    public async Task Purge_OfManyRows_DeletesInBoundedTransactions()
    {
        var report = await RetentionScenario.Purge_OfManyRows_DeletesInBoundedTransactions(_store.Factory);
        output.WriteLine(report.Describe()); // the measured longest transaction, for the record (not asserted: timing)
    }

    [Theory]
    [InlineData(90, 30, "Retention:RollupDays (30) must be 0 or at least Retention:PredictionDays (90)")]
    [InlineData(0, 400, "Retention:RollupDays (400) must be 0 or at least Retention:PredictionDays (0)")]
    [InlineData(90, 400, null)]
    [InlineData(0, 0, null)]
    public void Options_RollupsShorterThanRawRows_AreRefusedNamingTheSettings(int predictionDays, int rollupDays, string? problem)
    {
        var options = new RetentionOptions { PredictionDays = predictionDays, RollupDays = rollupDays };

        if (problem is null)
        {
            Assert.Null(options.Problem());
        }
        else
        {
            Assert.StartsWith(problem, options.Problem(), StringComparison.Ordinal);
        }
    }

    public void Dispose() => _store.Dispose();
}
