using System.Text;
using System.Text.Json;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.DriftRuns;
namespace LeadScoring.Core.Tests.DriftRuns;

[Trait("Store", "both")]
public sealed class DriftServiceTests(DriftServiceFixture fixture) : IClassFixture<DriftServiceFixture>
{
    private static readonly TimeWindow s_degradedWindow = new(
        DriftServiceFixture.DegradedAt.ToUnixTimeMilliseconds(), DriftServiceFixture.DegradedAt.AddMinutes(1).ToUnixTimeMilliseconds());

    [Fact]
    public async Task ForBatch_StoredReport_ReturnedAsStored()
    {
        var run = await fixture.Service().ForBatchAsync(fixture.DegradedBatch);

        Assert.True(run.FromStore);
        Assert.Equal(DriftProfile.Evidently, run.Report.Profile);
        Assert.Equal(1_000, run.Report.CurrentRows);
        Assert.Equal(fixture.VersionId, run.ModelVersionId);
        Assert.Contains("drift_quality_degradation.csv", run.Subject, StringComparison.Ordinal);
        Assert.Equal(DriftAlertLevel.Red, run.Report.AlertLevel);
        Assert.True(run.Report.Columns.Single(c => c.Column == "llm_quality").Drifted);
    }

    [Fact]
    public async Task ForBatch_OtherProfileRequested_RecomputesFromStoredPredictions()
    {
        var run = await fixture.Service().ForBatchAsync(fixture.DegradedBatch, new DriftOverrides(Profile: DriftProfile.NannyMl));

        Assert.False(run.FromStore);
        Assert.Equal(DriftProfile.NannyMl, run.Report.Profile);
        Assert.All(run.Report.Columns.Where(c => c.Status == ColumnDriftStatus.Tested), c => Assert.Equal(DriftTest.JensenShannon, c.Test));
        Assert.Equal(1_000, run.Report.CurrentRows);
    }

    [Fact]
    public async Task ForBatch_RecomputedFromStoredFeatures_EqualsReportStoredAtUpload()
    {
        var stored = (await fixture.Service().ForBatchAsync(fixture.DegradedBatch)).Report;

        // Asking for Benjamini–Hochberg (the stored report has it off) forces a recompute from the stored features.
        var configured = new DriftOptions { YellowShare = 0.2, RedShare = 0.5 };
        var service = fixture.Service(configured: configured);
        var recomputed = (await service.ForBatchAsync(fixture.DegradedBatch, new DriftOverrides(BenjaminiHochberg: true))).Report;
        var plain = (await service.ForWindowAsync(s_degradedWindow)).Report;

        Assert.True(recomputed.BenjaminiHochberg);
        Assert.Equal(DriftReportJson.Serialize(stored), DriftReportJson.Serialize(plain));
        Assert.Equal(stored.Columns.Select(c => c.Score), recomputed.Columns.Select(c => c.Score));
        // The 1,200-row training reference is in Evidently's > 1000 regime: distances only, nothing for BH to adjust.
        Assert.All(recomputed.Columns, c => Assert.Null(c.AdjustedPValue));
    }

    [Fact]
    public async Task ForBatch_Unknown_NotFound()
    {
        var e = await Assert.ThrowsAsync<DriftServiceException>(() => fixture.Service().ForBatchAsync(987_654));

        Assert.Equal(DriftFailure.NotFound, e.Failure);
        Assert.Equal("Batch 987654 does not exist.", e.Message);
    }

    [Fact]
    public async Task ForWindow_OneBatchInWindow_TestsOnlyItsRowsWithPredictionDrift()
    {
        var run = await fixture.Service().ForWindowAsync(s_degradedWindow, fixture.VersionId);

        Assert.Equal(1_000, run.Report.CurrentRows);
        Assert.Equal(1_000, run.AvailableRows);
        Assert.False(run.Capped);
        Assert.Empty(run.Notices);
        Assert.NotNull(run.Report.PredictionDrift);
        Assert.Equal(1_000, run.Report.PredictionDrift!.CurrentCount);
        Assert.Contains("2026-03-01 14:00", run.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForWindow_BothBatches_CountsBoth()
    {
        var window = new TimeWindow(DriftServiceFixture.BaselineAt.ToUnixTimeMilliseconds(), s_degradedWindow.ToMs);

        var run = await fixture.Service().ForWindowAsync(window);

        Assert.Equal(2_000, run.Report.CurrentRows);
    }

    [Fact]
    public async Task ForWindow_MoreRowsThanTheCap_TestsTheNewestAndSaysSo()
    {
        var window = new TimeWindow(DriftServiceFixture.BaselineAt.ToUnixTimeMilliseconds(), s_degradedWindow.ToMs);

        var run = await fixture.Service(maxWindowRows: 1_000).ForWindowAsync(window);

        Assert.True(run.Capped);
        Assert.Equal(2_000, run.AvailableRows);
        Assert.Equal(1_000, run.Report.CurrentRows);
        Assert.Contains(run.Notices, n => n.StartsWith("Capped: the newest 1,000 of 2,000", StringComparison.Ordinal));
        // The newest rows are the degraded batch: its report, not the baseline's.
        var degraded = await fixture.Service().ForWindowAsync(s_degradedWindow);
        Assert.Equal(degraded.Report.Columns.Select(c => c.Score), run.Report.Columns.Select(c => c.Score));
    }

    [Fact]
    public async Task ForWindow_Empty_NotFound()
    {
        var e = await Assert.ThrowsAsync<DriftServiceException>(() => fixture.Service().ForWindowAsync(new TimeWindow(0, 1_000)));

        Assert.Equal(DriftFailure.NotFound, e.Failure);
    }

    [Fact]
    public async Task ForUpload_RawCsv_GoesThroughChampionPipeline_SameAsIngestedBatch()
    {
        var stored = (await fixture.Service().ForBatchAsync(fixture.DegradedBatch)).Report;
        await using var csv = File.OpenRead(DriftServiceFixture.Scenario("drift_quality_degradation"));

        var run = await fixture.Service().ForUploadAsync(csv, "degraded.csv");

        Assert.Equal(fixture.VersionId, run.ModelVersionId);
        Assert.Equal("Uploaded file degraded.csv", run.Subject);
        Assert.Equal(DriftReportJson.Serialize(stored), DriftReportJson.Serialize(run.Report));
    }

    [Fact]
    public async Task ForUpload_WithReferenceCsv_SameFileBothSides_NothingDrifts()
    {
        await using var current = File.OpenRead(DriftServiceFixture.Scenario("no_drift_baseline", processed: true));
        await using var reference = File.OpenRead(DriftServiceFixture.Scenario("no_drift_baseline", processed: true));

        var run = await fixture.Service().ForUploadAsync(current, "cur.csv", reference, "ref.csv");

        Assert.Null(run.ModelVersionId);
        Assert.Equal("uploaded reference ref.csv (1,000 rows)", run.Reference);
        Assert.Equal(1_000, run.Report.ReferenceRows);
        Assert.Equal(0, run.Report.DriftedColumns);
        Assert.Equal(DriftAlertLevel.Green, run.Report.AlertLevel);
        // Scored by the champion on both sides: identical scores, D = 0, p = 1.
        Assert.Equal(0.0, run.Report.PredictionDrift!.Statistic);
        Assert.Equal(1.0, run.Report.PredictionDrift.PValue, 12);
    }

    [Fact]
    public async Task ForUpload_ReferenceCsvOfOtherScenario_FlagsTheShiftedFeatures()
    {
        await using var current = File.OpenRead(DriftServiceFixture.Scenario("drift_geography_shift", processed: true));
        await using var reference = File.OpenRead(DriftServiceFixture.Scenario("no_drift_baseline", processed: true));

        var run = await fixture.Service().ForUploadAsync(current, "geo.csv", reference, "base.csv");

        var drifted = run.Report.Columns.Where(c => c.Drifted).Select(c => c.Column).ToHashSet();
        Assert.Contains("llm_geography", drifted);
        Assert.Contains("location", drifted);
    }

    [Fact]
    public async Task ForUpload_NannyMlProfile_RecordedInReport()
    {
        await using var csv = File.OpenRead(DriftServiceFixture.Scenario("no_drift_baseline", processed: true));

        var run = await fixture.Service().ForUploadAsync(csv, overrides: new DriftOverrides(Profile: DriftProfile.NannyMl));

        Assert.Equal(DriftProfile.NannyMl, run.Report.Profile);
        using var json = JsonDocument.Parse(run.ToJson());
        Assert.Equal("nannyMl", json.RootElement.GetProperty("profile").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(fixture.VersionId, json.RootElement.GetProperty("context").GetProperty("modelVersionId").GetInt32());
    }

    [Fact]
    public async Task ForUpload_ConfiguredBenjaminiHochberg_AppliesUnlessOverridden()
    {
        var service = fixture.Service(configured: new DriftOptions { BenjaminiHochberg = true });
        await using var a = File.OpenRead(DriftServiceFixture.Scenario("no_drift_baseline", processed: true));
        await using var b = File.OpenRead(DriftServiceFixture.Scenario("no_drift_baseline", processed: true));

        Assert.True((await service.ForUploadAsync(a)).Report.BenjaminiHochberg);
        Assert.False((await service.ForUploadAsync(b, overrides: new DriftOverrides(BenjaminiHochberg: false))).Report.BenjaminiHochberg);
    }

    [Fact]
    public async Task ForUpload_BadCell_InvalidCsvNamingRowAndColumn()
    {
        var lines = File.ReadLines(DriftServiceFixture.Scenario("no_drift_baseline", processed: true)).Take(4).ToArray();
        var header = lines[0].Split(',');
        var cells = lines[2].Split(',');
        cells[Array.IndexOf(header, "llm_quality")] = "abc";
        lines[2] = string.Join(',', cells);
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        var e = await Assert.ThrowsAsync<DriftServiceException>(() => fixture.Service().ForUploadAsync(csv));

        Assert.Equal(DriftFailure.InvalidCsv, e.Failure);
        Assert.Equal("current", e.File);
        var issue = Assert.Single(e.Issues);
        Assert.Equal(2, issue.Row);
        Assert.Equal("llm_quality", issue.Column);
    }

    [Fact]
    public async Task RecentBatches_NewestFirst_WithStoredAlertLevel()
    {
        var batches = await fixture.Service().RecentBatchesAsync();

        Assert.Equal([fixture.DegradedBatch, fixture.BaselineBatch], batches.Select(b => b.Id).Take(2));
        Assert.Equal(DriftAlertLevel.Red, batches[0].AlertLevel);
        Assert.Equal("drift_quality_degradation.csv", batches[0].FileName);
    }
}
