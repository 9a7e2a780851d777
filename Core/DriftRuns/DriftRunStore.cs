using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Drift;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.DriftRuns;

/// <summary>A stored drift run without its report (one row of the runs list).</summary>
public sealed record DriftRunSummary(long Id, DateTime CreatedAtUtc, DriftRunKind Kind, DriftRunTrigger Trigger, string RequestedBy, string Subject,
    string ReferenceLabel, string? ReferenceHash, int? ModelVersionId, string? ModelVersion, long? BatchId, long? WindowFromMs, long? WindowToMs,
    int CurrentRows, int ReferenceRows, long AvailableRows, bool Capped, int TestedColumns, int DriftedColumns, double DriftShare, string AlertLevel);

/// <summary>One page of runs, newest first; <paramref name="NextBeforeId"/> asks for the next (older) page, null on the last.</summary>
public sealed record DriftRunPage(IReadOnlyList<DriftRunSummary> Runs, long? NextBeforeId);

/// <summary>A stored run with its report and the configuration it ran with.</summary>
public sealed record StoredDriftRun(DriftRunSummary Summary, DriftRun Run, string ConfigJson)
{
    /// <summary>
    /// The export: the report JSON with its <c>context</c> (<see cref="DriftRun.ToJson"/>) and a <c>run</c> member holding
    /// the record (id, kind, trigger, who, when, window or batch), the reference's SHA-256 and the configuration.
    /// </summary>
    public string ToJson(bool indented = true)
    {
        var node = JsonNode.Parse(Run.ToJson(indented: false))!.AsObject();
        var s = Summary;
        node["run"] = new JsonObject
        {
            ["id"] = s.Id,
            ["createdAtUtc"] = DateTime.SpecifyKind(s.CreatedAtUtc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
            ["kind"] = DriftRunNames.Kind(s.Kind),
            ["trigger"] = DriftRunNames.Trigger(s.Trigger),
            ["requestedBy"] = s.RequestedBy,
            ["batchId"] = s.BatchId,
            ["windowFromMs"] = s.WindowFromMs,
            ["windowToMs"] = s.WindowToMs,
            ["modelVersionId"] = s.ModelVersionId,
            ["modelVersion"] = s.ModelVersion,
            ["referenceSha256"] = s.ReferenceHash,
            ["config"] = JsonNode.Parse(ConfigJson),
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }
}

/// <summary>Two stored runs compared.</summary>
public sealed record DriftRunComparisonResult(DriftRunSummary A, DriftRunSummary B, DriftComparison Comparison);

/// <summary>The lower-case names runs are shown and exported with.</summary>
public static class DriftRunNames
{
    public static string Kind(DriftRunKind kind) => kind.ToString().ToLowerInvariant();

    public static string Trigger(DriftRunTrigger trigger) => trigger == DriftRunTrigger.AlertEvaluation ? "alert-evaluation" : trigger.ToString().ToLowerInvariant();
}

/// <summary>
/// Records every drift evaluation (<see cref="DriftService"/> and batch ingestion) and reads them back: a keyset-paged
/// list, one run with its report, comparisons. Recording never fails a drift answer: a store problem is logged and the
/// run is returned without a <see cref="DriftRun.RunId"/>.
/// </summary>
public sealed class DriftRunStore(ILeadScoringDbFactory dbFactory, TimeProvider time, IOptionsMonitor<DriftRunOptions>? options = null,
    ILogger<DriftRunStore>? logger = null) : IUploadDriftRuns
{
    private readonly ILogger _logger = logger ?? NullLogger<DriftRunStore>.Instance;

    private DriftRunOptions Settings => options?.CurrentValue ?? new DriftRunOptions();

    /// <summary>Stores <paramref name="run"/> and returns it with its <see cref="DriftRun.RunId"/>; unchanged when recording failed.</summary>
    public async Task<DriftRun> RecordAsync(DriftRun run, DriftRunContext context, CancellationToken cancellationToken = default)
    {
        if (!Settings.Enabled)
        {
            return run;
        }
        try
        {
            var record = DriftRunRecords.Build(run, context, time.GetUtcNow().UtcDateTime, Settings.CompressAboveBytes);
            await using var db = dbFactory.CreateDbContext();
            db.DriftRuns.Add(record);
            // Not the caller's token: the answer is computed, so a client leaving now should not lose its record.
            await db.SaveChangesAsync(CancellationToken.None);
            return run with { RunId = record.Id };
        }
#pragma warning disable CA1031 // recording is best effort by design: the drift answer stands without it
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning(e, "Drift run ({Kind}, {Trigger}) could not be recorded; the answer is returned without a run id", context.Kind, context.Trigger);
            return run;
        }
    }

    /// <inheritdoc />
    public async Task<DriftRunRecord?> PrepareAsync(UploadDrift drift, CancellationToken cancellationToken)
    {
        if (!Settings.Enabled)
        {
            return null;
        }
        try
        {
            var label = await VersionLabelsAsync([drift.ModelVersionId], cancellationToken);
            var reference = label.TryGetValue(drift.ModelVersionId, out var v) ? $"model {v} training rows" : "the scoring model's training rows";
            var run = new DriftRun(drift.Report, $"Batch {drift.BatchId.ToString(CultureInfo.InvariantCulture)} · {drift.FileName}", reference,
                drift.ModelVersionId, drift.Rows, false, false, []);
            var context = new DriftRunContext(DriftRunKind.Upload, DriftRunTrigger.Upload, drift.UploadedBy, drift.Reference,
                drift.Options ?? new DriftOptions(), BatchId: drift.BatchId);
            return DriftRunRecords.Build(run, context, time.GetUtcNow().UtcDateTime, Settings.CompressAboveBytes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "The drift run of batch {BatchId} could not be prepared; the upload goes on without it", drift.BatchId);
            return null;
        }
    }

    /// <summary>The checked page size: the default when none is given; null and a message naming the limit when out of range.</summary>
    public int? PageSize(int? limit, out string? error)
    {
        var settings = Settings;
        error = null;
        var size = limit ?? settings.DefaultPageSize;
        if (size < 1 || size > settings.MaxPageSize)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'limit' must be between 1 and {settings.MaxPageSize} (DriftRuns:MaxPageSize).");
            return null;
        }
        return size;
    }

    /// <summary>Runs older than <paramref name="beforeId"/> (all when null), newest first, at most <paramref name="limit"/>.</summary>
    public async Task<DriftRunPage> ListAsync(long? beforeId = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.DriftRuns.AsNoTracking();
        if (beforeId is long before)
        {
            query = query.Where(r => r.Id < before);
        }
        var rows = await query.OrderByDescending(r => r.Id).Take(limit + 1).Select(r => new DriftRunRecord
        {
            Id = r.Id, CreatedAtUtc = r.CreatedAtUtc, Kind = r.Kind, Trigger = r.Trigger, RequestedBy = r.RequestedBy, Subject = r.Subject,
            ReferenceLabel = r.ReferenceLabel, ReferenceHash = r.ReferenceHash, ModelVersionId = r.ModelVersionId, BatchId = r.BatchId,
            WindowFromMs = r.WindowFromMs, WindowToMs = r.WindowToMs, CurrentRows = r.CurrentRows, ReferenceRows = r.ReferenceRows,
            AvailableRows = r.AvailableRows, Capped = r.Capped, TestedColumns = r.TestedColumns, DriftedColumns = r.DriftedColumns,
            DriftShare = r.DriftShare, AlertLevel = r.AlertLevel,
        }).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var labels = await VersionLabelsAsync(page.Select(r => r.ModelVersionId), cancellationToken);
        return new DriftRunPage([.. page.Select(r => Summary(r, labels))], rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>The newest run of <paramref name="kind"/> (without its report); null when there is none.</summary>
    public async Task<DriftRunSummary?> LatestAsync(DriftRunKind kind, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var id = await db.DriftRuns.AsNoTracking().Where(r => r.Kind == kind).OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is not { } runId)
        {
            return null;
        }
        // The list's summary of that one run: its report is not read.
        return (await ListAsync(runId + 1, 1, cancellationToken)).Runs.FirstOrDefault();
    }

    /// <summary>One run with its report; null when no run has that id (or it was purged).</summary>
    public async Task<StoredDriftRun?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        DriftRunRecord? record;
        await using (var db = dbFactory.CreateDbContext())
        {
            record = await db.DriftRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        }
        if (record is null)
        {
            return null;
        }
        var labels = await VersionLabelsAsync([record.ModelVersionId], cancellationToken);
        return new StoredDriftRun(Summary(record, labels), DriftRunRecords.ToRun(record), record.ConfigJson);
    }

    /// <summary>Run <paramref name="a"/> against run <paramref name="b"/>; null when either does not exist.</summary>
    public async Task<DriftRunComparisonResult?> CompareAsync(long a, long b, CancellationToken cancellationToken = default)
    {
        var first = await GetAsync(a, cancellationToken);
        var second = first is null ? null : await GetAsync(b, cancellationToken);
        if (first is null || second is null)
        {
            return null;
        }
        var comparison = DriftRunComparer.Compare(
            new DriftRunSide(first.Run.Report, first.Summary.ReferenceHash, first.ConfigJson, first.Summary.ModelVersionId),
            new DriftRunSide(second.Run.Report, second.Summary.ReferenceHash, second.ConfigJson, second.Summary.ModelVersionId));
        return new DriftRunComparisonResult(first.Summary, second.Summary, comparison);
    }

    /// <summary>
    /// The run recorded when <paramref name="batchId"/> was uploaded (its stored report), if any; null also when the
    /// lookup fails (logged): a missing link never fails the drift answer it decorates.
    /// </summary>
    public async Task<long?> UploadRunOfAsync(long batchId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = dbFactory.CreateDbContext();
            return await db.DriftRuns.AsNoTracking().Where(r => r.BatchId == batchId && r.Kind == DriftRunKind.Upload)
                .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "The upload drift run of batch {BatchId} could not be looked up", batchId);
            return null;
        }
    }

    private async Task<Dictionary<int, string>> VersionLabelsAsync(IEnumerable<int?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<int>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        await using var db = dbFactory.CreateDbContext();
        var versions = await db.ModelVersions.AsNoTracking().Where(m => wanted.Contains(m.Id)).Select(m => new { m.Id, m.Version }).ToListAsync(cancellationToken);
        return versions.ToDictionary(v => v.Id, v => "v" + v.Version.ToString(CultureInfo.InvariantCulture));
    }

    private static DriftRunSummary Summary(DriftRunRecord r, Dictionary<int, string> labels) =>
        new(r.Id, DateTime.SpecifyKind(r.CreatedAtUtc, DateTimeKind.Utc), r.Kind, r.Trigger, r.RequestedBy, r.Subject, r.ReferenceLabel, r.ReferenceHash,
            r.ModelVersionId, r.ModelVersionId is int v && labels.TryGetValue(v, out var label) ? label : null, r.BatchId, r.WindowFromMs, r.WindowToMs,
            r.CurrentRows, r.ReferenceRows, r.AvailableRows, r.Capped, r.TestedColumns, r.DriftedColumns, r.DriftShare, r.AlertLevel);
}
