using LeadScoring.Core.Tests.Infrastructure;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The shadow worker's bulk writer on SQLite (PostgreSQL: PostgresStoreTests).</summary>
[Trait("Store", "both")]
public sealed class ShadowScoreWriteTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public Task Write_RoundTripsThroughEf_AndADuplicateKeyWritesNothing() =>
        ShadowScoreWriteScenario.Write_RoundTripsThroughEf_AndADuplicateKeyWritesNothing(_store.Factory);

    public void Dispose() => _store.Dispose();
}
