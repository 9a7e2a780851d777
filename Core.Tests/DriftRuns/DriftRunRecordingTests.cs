using System.Text.Json;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Drift;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.DriftRuns;

/// <summary>Every drift evaluation leaves one drift-run record that reproduces it; reopening a stored report leaves none.</summary>
[Trait("Store", "both")]
public sealed class DriftRunRecordingTests(DriftServiceFixture fixture) : IClassFixture<DriftServiceFixture>
{
    private static readonly TimeWindow s_degradedWindow = new(
        DriftServiceFixture.DegradedAt.ToUnixTimeMilliseconds(), DriftServiceFixture.DegradedAt.AddMinutes(1).ToUnixTimeMilliseconds());

    private async Task<int> CountAsync()
    {
        await using var db = fixture.Store.Factory.CreateDbContext();
        return await db.DriftRuns.CountAsync();
    }

    private async Task<DriftRunRecord> RecordAsync(long id)
    {
        await using var db = fixture.Store.Factory.CreateDbContext();
        return await db.DriftRuns.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private async Task<string> ModelReferenceHashAsync() =>
        DriftRunRecords.ReferenceHash((await fixture.Registry.DriftReferenceAsync(fixture.VersionId))!);

    [Fact]
    public async Task WindowRun_RecordsOneRun_WithBoundsHashAndConfig()
    {
        var before = await CountAsync();

        var run = await fixture.Service().ForWindowAsync(s_degradedWindow, overrides: new DriftOverrides(BenjaminiHochberg: true),
            trigger: DriftRunTrigger.Page, requestedBy: "alice");

        Assert.Equal(before + 1, await CountAsync());
        var record = await RecordAsync(Assert.NotNull(run.RunId));
        Assert.Equal(DriftRunKind.Window, record.Kind);
        Assert.Equal(DriftRunTrigger.Page, record.Trigger);
        Assert.Equal("alice", record.RequestedBy);
        Assert.Equal((s_degradedWindow.FromMs, s_degradedWindow.ToMs), (record.WindowFromMs!.Value, record.WindowToMs!.Value));
        Assert.Null(record.BatchId);
        Assert.Equal(fixture.VersionId, record.ModelVersionId);
        Assert.Equal(await ModelReferenceHashAsync(), record.ReferenceHash);
        Assert.Matches("^[0-9a-f]{64}$", record.ReferenceHash);
        Assert.Equal((1_000, run.Report.ReferenceRows), (record.CurrentRows, record.ReferenceRows));
        Assert.Equal(run.Report.DriftShare, record.DriftShare);
        Assert.Equal("red", record.AlertLevel);
        using var config = JsonDocument.Parse(record.ConfigJson);
        Assert.True(config.RootElement.GetProperty("options").GetProperty("benjaminiHochberg").GetBoolean());
        Assert.Equal(0.5, config.RootElement.GetProperty("options").GetProperty("redShare").GetDouble());
        Assert.True(config.RootElement.GetProperty("overrides").GetProperty("benjaminiHochberg").GetBoolean());
    }

    [Fact]
    public async Task WindowRun_WithoutTrigger_IsRecordedAsAlertEvaluationBySystem()
    {
        var run = await fixture.Service().ForWindowAsync(s_degradedWindow);

        var record = await RecordAsync(Assert.NotNull(run.RunId));
        Assert.Equal(DriftRunTrigger.AlertEvaluation, record.Trigger);
        Assert.Equal(DriftRunRecords.System, record.RequestedBy);
    }

    [Fact]
    public async Task Upload_RecordedOnceInItsTransaction_WithTheBatchStoredReport()
    {
        await using var db = fixture.Store.Factory.CreateDbContext();
        var runs = await db.DriftRuns.AsNoTracking().Where(r => r.BatchId == fixture.DegradedBatch && r.Kind == DriftRunKind.Upload).ToListAsync();
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == fixture.DegradedBatch);

        var record = Assert.Single(runs);
        Assert.Equal(DriftRunTrigger.Upload, record.Trigger);
        Assert.Equal("test", record.RequestedBy);
        Assert.Equal(fixture.VersionId, record.ModelVersionId);
        Assert.Equal(await ModelReferenceHashAsync(), record.ReferenceHash);
        Assert.Equal(batch.DriftJson, DriftRunRecords.ReportJson(record));
        Assert.Equal(1_000, record.CurrentRows);
    }

    [Fact]
    public async Task StoredBatchReportReopened_RecordsNothing_AndNamesTheUploadRun()
    {
        var before = await CountAsync();

        var run = await fixture.Service().ForBatchAsync(fixture.DegradedBatch, trigger: DriftRunTrigger.Page);

        Assert.True(run.FromStore);
        Assert.Equal(before, await CountAsync());
        Assert.Equal(await fixture.Runs.UploadRunOfAsync(fixture.DegradedBatch), run.RunId);
        Assert.NotNull(run.RunId);
    }

    [Fact]
    public async Task BatchRecomputed_RecordsABatchRun()
    {
        var run = await fixture.Service().ForBatchAsync(fixture.BaselineBatch, new DriftOverrides(Profile: DriftProfile.NannyMl), trigger: DriftRunTrigger.Api,
            requestedBy: "api-key:ci");

        var record = await RecordAsync(Assert.NotNull(run.RunId));
        Assert.Equal((DriftRunKind.Batch, DriftRunTrigger.Api, "api-key:ci"), (record.Kind, record.Trigger, record.RequestedBy));
        Assert.Equal(fixture.BaselineBatch, record.BatchId);
        Assert.Contains("\"profile\":\"nannyMl\"", record.ConfigJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilesRun_RecordsTheUploadedReferenceHash()
    {
        await using var current = File.OpenRead(DriftServiceFixture.Scenario("drift_geography_shift", processed: true));
        await using var reference = File.OpenRead(DriftServiceFixture.Scenario("no_drift_baseline", processed: true));

        var run = await fixture.Service().ForUploadAsync(current, "cur.csv", reference, "ref.csv", requestedBy: "bob");

        var record = await RecordAsync(Assert.NotNull(run.RunId));
        Assert.Equal(DriftRunKind.Files, record.Kind);
        Assert.Null(record.ModelVersionId);
        Assert.NotEqual(await ModelReferenceHashAsync(), record.ReferenceHash);
        Assert.Matches("^[0-9a-f]{64}$", record.ReferenceHash);
    }

    [Theory]
    [InlineData(int.MaxValue)] // never compressed
    [InlineData(0)] // every report compressed
    public async Task StoredJson_ReproducesTheReport(int compressAboveBytes)
    {
        var runs = new DriftRunStore(fixture.Store.Factory, TimeProvider.System,
            new FixedOptionsMonitor<DriftRunOptions>(new DriftRunOptions { CompressAboveBytes = compressAboveBytes }));
        var run = await fixture.Service(runs: runs).ForWindowAsync(s_degradedWindow, trigger: DriftRunTrigger.Api);

        var stored = Assert.IsType<StoredDriftRun>(await runs.GetAsync(run.RunId!.Value));
        var record = await RecordAsync(run.RunId.Value);

        Assert.Equal(compressAboveBytes == 0, record.ReportJson is null && record.ReportGzip is not null);
        Assert.Equal(DriftReportJson.Serialize(run.Report), DriftReportJson.Serialize(stored.Run.Report));
        Assert.Equal(run.Subject, stored.Run.Subject);
        Assert.Equal(run.Notices, stored.Run.Notices);
        using var export = JsonDocument.Parse(stored.ToJson());
        Assert.Equal(record.ReferenceHash, export.RootElement.GetProperty("run").GetProperty("referenceSha256").GetString());
        Assert.Equal("window", export.RootElement.GetProperty("run").GetProperty("kind").GetString());
        Assert.Equal(1_000, export.RootElement.GetProperty("currentRows").GetInt32());
    }

    [Fact]
    public async Task StoreFailure_DriftAnswerStillReturned_WithoutRunId()
    {
        var broken = new DriftRunStore(new ThrowingFactory(), TimeProvider.System);

        var run = await fixture.Service(runs: broken).ForWindowAsync(s_degradedWindow, trigger: DriftRunTrigger.Page);

        Assert.Null(run.RunId);
        Assert.Equal(DriftAlertLevel.Red, run.Report.AlertLevel);
    }

    [Fact]
    public async Task List_IsNewestFirst_PagedByKey()
    {
        await fixture.Service().ForWindowAsync(s_degradedWindow, trigger: DriftRunTrigger.Page);
        await fixture.Service().ForWindowAsync(s_degradedWindow, trigger: DriftRunTrigger.Page);

        var first = await fixture.Runs.ListAsync(limit: 1);
        var second = await fixture.Runs.ListAsync(first.NextBeforeId, 1);

        Assert.Single(first.Runs);
        Assert.Equal(first.Runs[0].Id, first.NextBeforeId);
        Assert.True(second.Runs[0].Id < first.Runs[0].Id);
        Assert.Equal("v1", first.Runs[0].ModelVersion);
        Assert.Null(fixture.Runs.PageSize(0, out var error));
        Assert.Contains("DriftRuns:MaxPageSize", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_StoredRuns_FlagsFlippedColumns()
    {
        var baseline = await fixture.Service().ForBatchAsync(fixture.BaselineBatch, new DriftOverrides(BenjaminiHochberg: true), trigger: DriftRunTrigger.Page);
        var degraded = await fixture.Service().ForWindowAsync(s_degradedWindow, trigger: DriftRunTrigger.Page);

        var result = Assert.IsType<DriftRunComparisonResult>(await fixture.Runs.CompareAsync(baseline.RunId!.Value, degraded.RunId!.Value));

        Assert.Contains(result.Comparison.Flipped, c => c.Column == "llm_quality" && c.Flip == DriftFlip.BecameDrifted);
        Assert.True(result.Comparison.ShareDelta > 0);
        Assert.DoesNotContain(result.Comparison.Notes, n => n.Contains("references", StringComparison.Ordinal));
        Assert.Contains(result.Comparison.Notes, n => n.Contains("configurations", StringComparison.Ordinal)); // BH on in A only
        Assert.Null(await fixture.Runs.CompareAsync(baseline.RunId.Value, 987_654));
    }

    private sealed class ThrowingFactory : ILeadScoringDbFactory
    {
        public LeadScoringDbContext CreateDbContext() => throw new InvalidOperationException("store unavailable");
    }
}
