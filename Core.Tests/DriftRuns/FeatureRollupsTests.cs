using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Tests.Drift;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.DriftRuns;

/// <summary>
/// Feature rollups written by the bulk writer (batch ingestion) and taken out by batch deletion, against the raw
/// window drift of the same stored rows: equivalent reports (KS and p-values exactly, Wasserstein within 1e-9).
/// </summary>
[Trait("Store", "both")]
public sealed class FeatureRollupsTests
{
    private static async Task<DriftCounts> SumAsync(DriftServiceFixture f, DriftReference reference)
    {
        await using var db = f.Store.Factory.CreateDbContext();
        var (_, hash) = await FeatureRollups.ReferenceAsync(db, f.VersionId);
        var counts = DriftCounts.Empty(reference);
        foreach (var row in await db.FeatureRollups.AsNoTracking().Where(r => r.ReferenceHash == hash).ToListAsync())
        {
            counts.Merge(DriftCounts.Deserialize(row.Counts, reference));
        }
        return counts;
    }

    [Fact]
    public async Task RollupsOfIngestedBatches_GiveTheRawWindowDrift_AndStayTrueAfterADeletion()
    {
        var f = new DriftServiceFixture();
        await f.InitializeAsync();
        try
        {
            var reference = (await f.Registry.DriftReferenceAsync(f.VersionId))!;
            var window = new TimeWindow(0, long.MaxValue / 2);
            var options = new DriftOptions();

            var raw = await f.Service().ForWindowAsync(window);
            var fromRollups = DriftDetector.RunFromCounts(reference, await SumAsync(f, reference), options, out var reason);
            Assert.Null(reason);
            DriftReportEquivalence.AssertEquivalent(raw.Report, fromRollups!);

            await new BatchAdministration(f.Store.Factory, new StoreChangeNotifier(TimeProvider.System)).DeleteBatchAsync(f.BaselineBatch);

            var rawAfter = await f.Service().ForWindowAsync(window);
            var afterDeletion = DriftDetector.RunFromCounts(reference, await SumAsync(f, reference), options, out reason);
            Assert.Null(reason);
            Assert.True(rawAfter.Report.CurrentRows < raw.Report.CurrentRows);
            DriftReportEquivalence.AssertEquivalent(rawAfter.Report, afterDeletion!);
        }
        finally
        {
            await f.DisposeAsync();
        }
    }
}
