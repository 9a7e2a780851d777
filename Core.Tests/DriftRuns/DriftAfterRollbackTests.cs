using LeadScoring.Core.Alerts;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Models;
using LeadScoring.Core.Promotions;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Tests.DriftRuns;

/// <summary>
/// After a rollback, window drift is measured against the restored version's own reference: two versions trained on
/// different leads (so their references differ), promote v2, roll back, run a window drift.
/// </summary>
[Trait("Store", "both")]
public sealed class DriftAfterRollbackTests(DriftServiceFixture fixture) : IClassFixture<DriftServiceFixture>
{
    private static readonly TimeWindow s_window = new(
        DriftServiceFixture.DegradedAt.ToUnixTimeMilliseconds(), DriftServiceFixture.DegradedAt.AddMinutes(1).ToUnixTimeMilliseconds());

    [Fact]
    public async Task WindowDrift_AfterRollback_RecordsTheRestoredVersionAndItsReferenceHash()
    {
        var otherLeads = LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, "reference_leads.csv")).RawRows.Skip(2_500).Take(1_500).ToList();
        var v2 = await fixture.Registry.RegisterAsync(ModelVersionBuilder.Build(otherLeads, "v2 other leads").Version, "test");
        var v1Hash = DriftRunRecords.ReferenceHash((await fixture.Registry.DriftReferenceAsync(fixture.VersionId))!);
        var v2Hash = DriftRunRecords.ReferenceHash((await fixture.Registry.DriftReferenceAsync(v2.Id))!);
        Assert.NotEqual(v1Hash, v2Hash);
        var promotions = new PromotionService(fixture.Store.Factory, fixture.Registry,
            new AlertStore(fixture.Store.Factory, TimeProvider.System, Options.Create(new AlertOptions())), TimeProvider.System, driftRuns: fixture.Runs);

        await promotions.PromoteAsync(new PromotionRequest(v2.Id, "try the model trained on other leads"), "alice");
        var duringV2 = await RecordOfAsync(await fixture.Service().ForWindowAsync(s_window));
        var rollback = await promotions.RollbackAsync("bob", "back to v1");
        var afterRollback = await RecordOfAsync(await fixture.Service().ForWindowAsync(s_window));

        Assert.Equal((v2.Id, v2Hash), (duringV2.ModelVersionId, duringV2.ReferenceHash));
        Assert.Equal((fixture.VersionId, v1Hash), (afterRollback.ModelVersionId, afterRollback.ReferenceHash));
        Assert.Equal(v1Hash, rollback!.Evidence.Restored!.ReferenceSha256);
        // The rollback's evidence froze the drift state of the time: the run measured against v2.
        Assert.Equal(duringV2.Id, rollback.Evidence.Drift!.RunId);
    }

    private async Task<LeadScoring.Core.Storage.Entities.DriftRunRecord> RecordOfAsync(DriftRun run)
    {
        await using var db = fixture.Store.Factory.CreateDbContext();
        return await db.DriftRuns.AsNoTracking().SingleAsync(r => r.Id == run.RunId!.Value);
    }
}
