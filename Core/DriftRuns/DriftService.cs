using LeadScoring.Core.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Drift;
using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.DriftRuns;

/// <summary>
/// Drift of a stored batch, of a time window of stored predictions, or of an uploaded CSV, against a model version's
/// precomputed reference (the champion's by default) or against a reference CSV. Options come from the
/// <c>Drift</c> configuration section with per-request overrides of the profile and Benjamini–Hochberg; the
/// report records what ran. Long runs (windows, uploads) go one at a time: each can hold hundreds of MB.
/// Every computed run is recorded in the <see cref="DriftRunStore"/> (its id in <see cref="DriftRun.RunId"/>); a batch's
/// stored report is not computed again, so it gets the id of the run recorded at its upload instead.
/// </summary>
public sealed partial class DriftService(
    ILeadScoringDbFactory dbFactory, ModelRegistry registry, ChampionHolder champion, IOptionsMonitor<DriftOptions> driftOptions,
    IOptions<DriftServiceOptions> serviceOptions, DriftRunStore? runs = null, PredictionRollups? rollups = null)
{
    private readonly SemaphoreSlim _heavyGate = new(1, 1);

    // One long run at a time, but a bounded wait: a queue behind one lock would hold requests (and their memory) for ever.
    private async Task EnterHeavyAsync(CancellationToken cancellationToken)
    {
        var seconds = Math.Max(0, serviceOptions.Value.MaxWaitSeconds);
        if (!await _heavyGate.WaitAsync(TimeSpan.FromSeconds(seconds), cancellationToken))
        {
            throw new DriftServiceException(DriftFailure.Busy, string.Create(CultureInfo.InvariantCulture,
                $"Another drift run is in progress and did not finish within {seconds} s (DriftService:MaxWaitSeconds). Try again shortly."));
        }
    }

    /// <summary>The configured options with the request's overrides applied (a copy; the configured instance is never changed).</summary>
    public DriftOptions EffectiveOptions(DriftOverrides? overrides = null)
    {
        var o = driftOptions.CurrentValue;
        return new DriftOptions
        {
            Profile = overrides?.Profile ?? o.Profile,
            BenjaminiHochberg = overrides?.BenjaminiHochberg ?? o.BenjaminiHochberg,
            Columns = o.Columns,
            YellowShare = o.YellowShare,
            RedShare = o.RedShare,
            DatasetDriftShare = o.DatasetDriftShare,
            MissingShareTolerance = o.MissingShareTolerance,
            MaxListedUnseen = o.MaxListedUnseen,
            PlotBins = o.PlotBins,
            MaxDegreeOfParallelism = o.MaxDegreeOfParallelism,
        };
    }

    /// <summary>The newest completed batches, newest first, with the alert level of their stored report.</summary>
    public async Task<IReadOnlyList<DriftBatchSummary>> RecentBatchesAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.Batches.AsNoTracking().Where(b => b.Status == BatchStatus.Completed)
            .OrderByDescending(b => b.Id).Take(take)
            .Select(b => new { b.Id, b.FileName, b.CompletedAtUtc, b.CreatedAtUtc, b.StoredRows, b.DriftJson })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(b => new DriftBatchSummary(b.Id, b.FileName, b.CompletedAtUtc ?? b.CreatedAtUtc, b.StoredRows, StoredLevel(b.DriftJson)))];
    }

    /// <summary>
    /// A stored batch: the report stored at upload when it was computed with the same profile, Benjamini–Hochberg and
    /// alert shares as requested now; otherwise recomputed from the batch's stored predictions against the reference of
    /// the model version that scored it.
    /// </summary>
    public async Task<DriftRun> ForBatchAsync(long batchId, DriftOverrides? overrides = null, IProgress<BuildProgress>? progress = null,
        CancellationToken cancellationToken = default, DriftRunTrigger trigger = DriftRunTrigger.Api, string? requestedBy = null)
    {
        BatchRecord? batch;
        await using (var db = dbFactory.CreateDbContext())
        {
            batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        }
        if (batch is null || batch.Status != BatchStatus.Completed)
        {
            throw new DriftServiceException(DriftFailure.NotFound, batch is null
                ? $"Batch {batchId} does not exist."
                : $"Batch {batchId} was not stored ({batch.Status.ToString().ToLowerInvariant()}), so it has no drift.");
        }
        var options = EffectiveOptions(overrides);
        var subject = $"Batch {batch.Id} · {batch.FileName}";
        var versionLabel = batch.ModelVersionId is int v ? await VersionLabelAsync(v, cancellationToken) : null;
        if (batch.DriftJson is not null)
        {
            var stored = DriftReportJson.Deserialize(batch.DriftJson);
            if (Matches(stored, options))
            {
                var uploadRun = runs is null ? null : await runs.UploadRunOfAsync(batch.Id, cancellationToken);
                return new DriftRun(stored, subject, ReferenceLabel(versionLabel), batch.ModelVersionId, batch.StoredRows, false, true, []) { RunId = uploadRun };
            }
        }
        var (reference, versionId, label, notices) = await ModelReferenceAsync(batch.ModelVersionId, cancellationToken);
        var filter = new PredictionFilter(TimeWindow.All, BatchId: batch.Id);
        var run = await RunStoredAsync(filter, subject, reference, versionId, label, notices, options, progress, cancellationToken);
        return await RecordAsync(run, new DriftRunContext(DriftRunKind.Batch, trigger, requestedBy, reference, options, overrides, BatchId: batch.Id));
    }

    /// <summary>
    /// Stored predictions of a time window (optionally of one model version) against that version's reference, or the
    /// champion's. Streams the feature blobs into columns; at most <see cref="DriftServiceOptions.MaxWindowRows"/> newest rows.
    /// <paramref name="trigger"/> defaults to alert evaluation: the page and the API say who they are, the background
    /// evaluator (written alongside, without this parameter) is the caller that leaves it out.
    /// </summary>
    public async Task<DriftRun> ForWindowAsync(TimeWindow window, int? modelVersionId = null, DriftOverrides? overrides = null,
        IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default,
        DriftRunTrigger trigger = DriftRunTrigger.AlertEvaluation, string? requestedBy = null)
    {
        if (window.ToMs <= window.FromMs)
        {
            throw new DriftServiceException(DriftFailure.BadRequest, "The window is empty: 'from' must be before 'to'.");
        }
        var (reference, versionId, label, notices) = await ModelReferenceAsync(modelVersionId, cancellationToken);
        var subject = string.Create(CultureInfo.InvariantCulture,
            $"Predictions {FormatMs(window.FromMs)} – {FormatMs(window.ToMs)} UTC{(modelVersionId is null ? "" : $" · {label}")}");
        var filter = new PredictionFilter(window, modelVersionId);
        var options = EffectiveOptions(overrides);
        var run = await RunStoredAsync(filter, subject, reference, versionId, label, notices, options, progress, cancellationToken);
        return await RecordAsync(run, new DriftRunContext(DriftRunKind.Window, trigger, requestedBy, reference, options, overrides, Window: window));
    }

    // Best effort (the store logs and returns the run unchanged on failure): recording never fails a computed answer.
    private async Task<DriftRun> RecordAsync(DriftRun run, DriftRunContext context) =>
        runs is null ? run : await runs.RecordAsync(run, context);

    private async Task<DriftRun> RunStoredAsync(PredictionFilter filter, string subject, DriftReference reference, int versionId, string versionLabel,
        List<string> notices, DriftOptions options, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        await EnterHeavyAsync(cancellationToken);
        try
        {
            using var activity = LeadScoringDiagnostics.Source.StartActivity("leadscoring.drift");
            if (await TryRunFromRollupsAsync(filter, subject, reference, versionId, versionLabel, notices, options, progress, cancellationToken) is { } counted)
            {
                activity?.SetTag("leadscoring.drift.source", "rollups");
                LeadScoringDiagnostics.RecordDrift(activity, "window", counted.Report);
                return counted;
            }
            var rows = await ReadStoredAsync(filter, progress, cancellationToken);
            if (rows.Dataset.RowCount == 0)
            {
                throw new DriftServiceException(DriftFailure.NotFound, filter.BatchId is null
                    ? "No stored prediction in this window (or for this model version)."
                    : "The batch has no stored prediction.");
            }
            notices.AddRange(rows.Notices);
            progress?.Report(new BuildProgress(0.8, $"Testing {rows.Dataset.RowCount:N0} rows"));
            var report = await Task.Run(() => DriftDetector.Run(reference, rows.Dataset, options, rows.Scores), cancellationToken);
            LeadScoringDiagnostics.RecordDrift(activity, filter.BatchId is null ? "window" : "batch", report);
            progress?.Report(new BuildProgress(1.0, "Done"));
            return new DriftRun(report, subject, ReferenceLabel(versionLabel), versionId, rows.Available, rows.Capped, false, notices);
        }
        finally
        {
            _heavyGate.Release();
        }
    }

    /// <summary>The given version's reference, or the champion's (the serving model first, else the registry's champion).</summary>
    private async Task<(DriftReference Reference, int VersionId, string Label, List<string> Notices)> ModelReferenceAsync(int? modelVersionId,
        CancellationToken cancellationToken)
    {
        var notices = new List<string>();
        var id = modelVersionId;
        if (id is null)
        {
            var serving = champion.Current?.RegistryId ?? 0;
            id = serving > 0 ? serving : (await registry.ChampionAsync(cancellationToken))?.Id;
        }
        if (id is null)
        {
            throw new DriftServiceException(DriftFailure.NoModel, "No champion model: there is no reference to compare with. Upload a reference CSV or register a model.");
        }
        var reference = await registry.DriftReferenceAsync(id.Value, cancellationToken);
        var label = await VersionLabelAsync(id.Value, cancellationToken);
        if (reference is null)
        {
            throw new DriftServiceException(modelVersionId is null ? DriftFailure.NoModel : DriftFailure.NotFound,
                $"Model {label ?? $"#{id}"} has no stored drift reference.");
        }
        if (reference.Scores is null)
        {
            notices.Add($"Model {label} has no reference scores, so prediction drift is not tested.");
        }
        return (reference, id.Value, label ?? $"#{id}", notices);
    }

    private async Task<string?> VersionLabelAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var version = await db.ModelVersions.AsNoTracking().Where(m => m.Id == id).Select(m => (int?)m.Version).SingleOrDefaultAsync(cancellationToken);
        return version is null ? null : string.Create(CultureInfo.InvariantCulture, $"v{version}");
    }

    private static string ReferenceLabel(string? versionLabel) =>
        versionLabel is null ? "the scoring model's training rows" : $"model {versionLabel} training rows";

    // A stored report is reused only when it answers the same question: same profile, correction and alert lines.
    private static bool Matches(DriftReport stored, DriftOptions options) =>
        stored.Profile == options.Profile
        && stored.BenjaminiHochberg == (options.BenjaminiHochberg && options.Profile == DriftProfile.Evidently)
        && stored.YellowShare == options.YellowShare && stored.RedShare == options.RedShare;

    private static DriftAlertLevel? StoredLevel(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("alertLevel", out var level)
            && Enum.TryParse<DriftAlertLevel>(level.GetString(), ignoreCase: true, out var parsed) ? parsed : null;
    }

    internal static string FormatMs(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253_402_300_799_999)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
