using LeadScoring.Core.Tests.Infrastructure;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The seeder on SQLite (the same scenario runs on PostgreSQL in <see cref="PostgresStoreTests"/>).</summary>
public sealed class PredictionSeederTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public Task Seed_SpreadsTheRows_AndLeavesTheRollupsTrue() => PredictionSeederScenario.Seed_SpreadsTheRows_AndLeavesTheRollupsTrue(_store.Factory);

    public void Dispose() => _store.Dispose();
}
