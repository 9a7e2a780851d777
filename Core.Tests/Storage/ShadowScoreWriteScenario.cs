using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The shadow worker's bulk writer on any store (SQLite in ShadowScoreWriteTests, PostgreSQL in PostgresStoreTests).</summary>
public static class ShadowScoreWriteScenario
{
    /// <summary>Rows written raw read back through EF field for field; a batch with a key already stored writes nothing.</summary>
    public static async Task Write_RoundTripsThroughEf_AndADuplicateKeyWritesNothing(ILeadScoringDbFactory store)
    {
        var rows = Enumerable.Range(0, 50).Select(i => new ShadowScoreRecord
        {
            Key = Guid.CreateVersion7(), TimestampMs = 1_780_000_000_000 + i, ChallengerVersionId = 3 + i % 2,
            Score = i / 49.0, PredictedEngaged = i % 3 == 0,
        }).ToList();
        await using (var db = store.CreateDbContext())
        {
            ShadowScoreBulkWriter.Write(db, rows);
        }

        await using (var check = store.CreateDbContext())
        {
            var stored = await check.ShadowScores.AsNoTracking().ToDictionaryAsync(s => s.Key);
            Assert.Equal(50, stored.Count);
            foreach (var row in rows)
            {
                var back = stored[row.Key];
                Assert.Equal((row.TimestampMs, row.ChallengerVersionId, row.Score, row.PredictedEngaged),
                    (back.TimestampMs, back.ChallengerVersionId, back.Score, back.PredictedEngaged));
            }
        }

        var again = new List<ShadowScoreRecord>
        {
            new() { Key = Guid.CreateVersion7(), TimestampMs = 1, ChallengerVersionId = 3, Score = 0.1 },
            rows[7],
        };
        await using (var db = store.CreateDbContext())
        {
            Assert.ThrowsAny<Exception>(() => ShadowScoreBulkWriter.Write(db, again));
        }
        await using (var check = store.CreateDbContext())
        {
            Assert.Equal(50, await check.ShadowScores.CountAsync());
        }
    }
}
