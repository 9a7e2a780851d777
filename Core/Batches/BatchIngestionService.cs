using LeadScoring.Core.Diagnostics;
using System.Diagnostics;
using System.Text.Json;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Models;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Batches;

/// <summary>What became of an uploaded batch.</summary>
/// <param name="BatchId">The stored batch record; 0 when the store could not even record the upload.</param>
/// <param name="Status">Completed, rejected (invalid file, nothing stored) or failed.</param>
/// <param name="Message">Why it was rejected or failed, in plain words; null when completed.</param>
/// <param name="Validation">Rows, errors and warnings found while reading the file.</param>
/// <param name="Drift">The batch's drift against the champion's reference, when it was computed.</param>
/// <param name="LabelledEvaluation">Metrics of the champion on the batch's labelled rows, when it has labels.</param>
/// <param name="ModelVersion">The model version that scored the batch.</param>
/// <param name="Elapsed">Time from the first byte read to the result.</param>
/// <param name="Failure">Set when the batch failed because the store was busy, full or read-only (nothing stored).</param>
/// <param name="Timings">Busy time per stage, when the file was processed.</param>
/// <param name="DriftRunId">The drift-run record of the batch's drift, when it was recorded.</param>
public sealed record BatchIngestionResult(
    long BatchId, BatchStatus Status, string? Message, ValidationReport Validation, DriftReport? Drift, BinaryEvaluation? LabelledEvaluation,
    string? ModelVersion, TimeSpan Elapsed, StoreFailure Failure = StoreFailure.None, IngestionTimings? Timings = null, long? DriftRunId = null);

/// <summary>The validation report stored with a batch: every issue counted, the first ones listed.</summary>
public sealed record ValidationReport(string? Schema, int Rows, int ErrorCount, int WarningCount, IReadOnlyList<CsvIssue> Errors, IReadOnlyList<CsvIssue> Warnings)
{
    public static ValidationReport From(LeadBatchParseResult parse) =>
        new(parse.Schema?.ToString().ToLowerInvariant(), parse.RowCount, parse.ErrorCount, parse.WarningCount, parse.Errors, parse.Warnings);
}

/// <summary>
/// The one ingestion path for CSV batches (browser upload and HTTP API). The file is read while it arrives and flows
/// through overlapping stages (<see cref="BatchPipeline"/>: validate → features → score with the champion → write
/// rows into one transaction); at the end the drift test runs against the champion's reference and the batch's
/// result commits with its rows, all or nothing. A file with any error is rejected and stores no prediction; a crash
/// mid-way leaves the batch "running" with no rows, which the next start marks as interrupted. A busy, full or
/// read-only store does not throw: the result is Failed with a plain message and
/// <see cref="BatchIngestionResult.Failure"/> set, and nothing is stored.
/// </summary>
public sealed class BatchIngestionService(
    ILeadScoringDbFactory dbFactory, ChampionHolder champion, ModelRegistry registry, StoreChangeNotifier notifier, TimeProvider time,
    StoreWriteMonitor storeMonitor, LargeBatchMemory memory, IOptionsMonitor<DriftOptions>? configuredDrift = null, StorageFloor? floor = null,
    IOptions<UploadOptions>? uploads = null, IUploadDriftRuns? driftRuns = null)
{
    /// <summary>Every issue is kept up to this many (all are counted), so the downloadable report lists them.</summary>
    public const int MaxStoredIssues = 10_000;

    private static readonly CsvReadOptions s_readOptions = new() { MaxIssueMessages = MaxStoredIssues };

    // Missing raw columns read as missing (a warning): only when the uploader asks, since it fakes drift otherwise.
    private static readonly CsvReadOptions s_missingColumnsAllowed = s_readOptions with { AllowMissingColumns = true };

    private readonly int _maxRows = uploads?.Value.MaxRows ?? s_readOptions.MaxRows;

    private readonly SemaphoreSlim _gate = new(Math.Max(1, Environment.ProcessorCount / 2));

    /// <summary>
    /// Reads, checks, scores and stores one CSV batch, all or nothing. <paramref name="csv"/> is read synchronously on a
    /// thread of its own as it arrives (a network stream must be bridged, e.g. through a pipe).
    /// <paramref name="beforeCommit"/>, when given, runs once the file has been read and may still refuse the batch
    /// with a message (e.g. a second file in the same request): nothing is then stored.
    /// <paramref name="allowMissingColumns"/> reads a raw file's missing columns as missing instead of refusing it.
    /// </summary>
    public async Task<BatchIngestionResult> IngestAsync(Stream csv, string fileName, string uploadedBy, DriftOptions? driftOptions = null,
        IProgress<IngestionProgress>? progress = null, DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default,
        Func<CancellationToken, Task<string?>>? beforeCommit = null, bool allowMissingColumns = false)
    {
        var started = Stopwatch.GetTimestamp();
        if (floor?.RefusalReason() is { } noRoom)
        {
            // Below the free-space floor: refused before a batch record or a row is written (page and API uploads alike).
            return new BatchIngestionResult(0, BatchStatus.Failed, noRoom, ValidationReport.From(new LeadBatchParseResult()), null, null, null,
                Stopwatch.GetElapsedTime(started), StoreFailure.Full);
        }
        var counter = new ProgressCounter(progress);
        using var inFlight = memory.Begin();
        BatchRecord batch;
        try
        {
            batch = await CreateBatchAsync(UploadFileName.Sanitize(fileName), uploadedBy, cancellationToken);
        }
        catch (Exception ex) when (StoreErrors.Classify(ex) != StoreFailure.None)
        {
            // The store cannot take even the batch record: nothing was read or stored.
            var failure = StoreErrors.Classify(ex);
            storeMonitor.Failed(failure);
            return new BatchIngestionResult(0, BatchStatus.Failed, StoreErrors.Describe(ex), ValidationReport.From(new LeadBatchParseResult()), null, null, null,
                Stopwatch.GetElapsedTime(started), failure);
        }
        // CPU-heavy (parse, score, drift): at most half the cores at once, so pages and /predict keep a core.
        counter.Stage("Waiting for other uploads to finish");
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await TryFinishAsync(batch, BatchStatus.Failed, "Cancelled before processing; nothing was stored.");
            throw;
        }
        try
        {
            var readOptions = (allowMissingColumns ? s_missingColumnsAllowed : s_readOptions) with { MaxRows = _maxRows };
            // Stage changes become span events (IngestionProgress.Stage); the span gets rows and status, never file content.
            using var activity = LeadScoringDiagnostics.Source.StartActivity("leadscoring.upload");
            var result = await ProcessAsync(batch, csv, readOptions, driftOptions, counter, timestamp, started, beforeCommit, cancellationToken);
            var status = result.Status == BatchStatus.Completed ? "stored" : "failed";
            LeadScoringDiagnostics.UploadRows.Add(result.Validation.Rows, new KeyValuePair<string, object?>("outcome", status));
            activity?.SetTag("leadscoring.rows", result.Validation.Rows).SetTag("leadscoring.upload.outcome", status);
            return result;
        }
        catch (OperationCanceledException)
        {
            await TryFinishAsync(batch, BatchStatus.Failed, "Cancelled; nothing was stored.");
            throw;
        }
        catch (Exception)
        {
            // The file could not be read to its end (connection dropped, size limit) or a bug: the rows rolled back.
            await TryFinishAsync(batch, BatchStatus.Failed, "The upload could not be read to its end; nothing was stored.");
            throw;
        }
        finally
        {
            _gate.Release();
            inFlight.Rows = batch.TotalRows;
        }
    }

    private async Task<BatchIngestionResult> ProcessAsync(BatchRecord batch, Stream csv, CsvReadOptions readOptions, DriftOptions? driftOptions, ProgressCounter progress,
        DateTimeOffset? timestamp, long started, Func<CancellationToken, Task<string?>>? beforeCommit, CancellationToken cancellationToken)
    {
        progress.Stage("Receiving, reading and scoring the CSV");
        champion.TryAcquire(out var lease);
        using (lease)
        {
            var model = lease?.Model;
            var now = (timestamp ?? time.GetUtcNow()).ToUnixTimeMilliseconds();
            await using var pipeline = new BatchPipeline(dbFactory, batch, model, now, progress);
            LeadBatchParseResult parse;
            try
            {
                parse = await pipeline.RunAsync(csv, readOptions, cancellationToken);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or UploadInterruptedException) && StoreErrors.Classify(ex) != StoreFailure.None)
            {
                return await StoreFailedAsync(batch, ex, null, started);
            }
            if (beforeCommit is not null && await beforeCommit(cancellationToken) is { } refusal)
            {
                parse = parse.WithFileError(refusal);
            }
            var validation = ValidationReport.From(parse);
            batch.Schema = parse.Schema?.ToString().ToLowerInvariant() ?? "";
            batch.TotalRows = parse.RowCount;
            batch.ErrorCount = parse.ErrorCount;
            batch.WarningCount = parse.WarningCount;
            batch.ValidationJson = JsonSerializer.Serialize(validation);
            if (!parse.Succeeded || parse.RowCount == 0)
            {
                var message = parse.RowCount == 0 && parse.Succeeded
                    ? "The file has no data rows."
                    : $"Rejected: {parse.ErrorCount} problem(s) found; nothing was stored. Fix the rows listed and upload again.";
                await pipeline.DisposeAsync(); // roll back the rows written before the first error
                await TryFinishAsync(batch, BatchStatus.Rejected, message);
                progress.Stage("Rejected", done: true);
                return new BatchIngestionResult(batch.Id, BatchStatus.Rejected, message, validation, null, null, null, Stopwatch.GetElapsedTime(started));
            }
            if (model is null)
            {
                const string message = "No model is loaded, so the batch cannot be scored. Try again once a champion model is serving.";
                await TryFinishAsync(batch, BatchStatus.Failed, message);
                progress.Stage("Failed", done: true);
                return new BatchIngestionResult(batch.Id, BatchStatus.Failed, message, validation, null, null, null, Stopwatch.GetElapsedTime(started));
            }
            try
            {
                return await CompleteAsync(batch, parse, validation, pipeline, model, driftOptions, progress, started, cancellationToken);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or UploadInterruptedException) && StoreErrors.Classify(ex) != StoreFailure.None)
            {
                return await StoreFailedAsync(batch, ex, validation, started);
            }
        }
    }

    private async Task<BatchIngestionResult> StoreFailedAsync(BatchRecord batch, Exception ex, ValidationReport? validation, long started)
    {
        // The transaction rolled back: nothing half-stored. Store failures are answered; anything else is a bug for the log.
        var failure = StoreErrors.Classify(ex);
        storeMonitor.Failed(failure);
        await TryFinishAsync(batch, BatchStatus.Failed, StoreErrors.Describe(ex));
        return new BatchIngestionResult(batch.Id, BatchStatus.Failed, StoreErrors.Describe(ex), validation ?? ValidationReport.From(new LeadBatchParseResult()),
            null, null, null, Stopwatch.GetElapsedTime(started), failure);
    }

    /// <summary>Marks batches left "running" by a crash as failed (their predictions were never committed).</summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var stale = await db.Batches.Where(b => b.Status == BatchStatus.Running || b.Status == BatchStatus.Pending).ToListAsync(cancellationToken);
        foreach (var b in stale)
        {
            b.Status = BatchStatus.Failed;
            b.Message = "Interrupted (the service stopped while processing); nothing was stored. Upload the file again.";
            b.CompletedAtUtc = time.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        return stale.Count;
    }

    private async Task<BatchIngestionResult> CompleteAsync(BatchRecord batch, LeadBatchParseResult parse, ValidationReport validation,
        BatchPipeline pipeline, ScoringModel model, DriftOptions? driftOptions, ProgressCounter progress, long started, CancellationToken cancellationToken)
    {
        progress.Stage("Testing drift against the model's reference");
        var driftStart = Stopwatch.GetTimestamp();
        if (parse.RowCount >= LargeBatchMemory.LargeBatchRows)
        {
            // The stream's chunks are all dead now: collect them before the drift test allocates its columns, so the
            // test reuses that memory instead of growing the process (measured: +120 MB at a million rows without).
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
        var reference = await registry.DriftReferenceAsync(model.RegistryId, cancellationToken);
        // The configured drift options (section "Drift") unless the caller chose others, so stored reports match the Drift page.
        var options = driftOptions ?? configuredDrift?.CurrentValue;
        var scores = pipeline.Scores.ToArray();
        DriftReport? drift = null;
        if (reference is not null)
        {
            using var driftActivity = LeadScoringDiagnostics.Source.StartActivity("leadscoring.drift");
            drift = await Task.Run(() => DriftDetector.Run(reference, pipeline.DriftColumns, options, scores), cancellationToken);
            LeadScoringDiagnostics.RecordDrift(driftActivity, "upload", drift);
        }
        var (labelledScores, labels) = pipeline.Labelled;
        var labelled = labels.Count == 0 || labels.Distinct().Count() < 2
            ? null
            : BinaryEvaluation.Compute([.. labelledScores], [.. labels], model.Threshold);
        var driftTime = Stopwatch.GetElapsedTime(driftStart);
        // Built before the commit (hashing, compression), then one more INSERT in the upload's transaction: a batch never
        // stands without the run of its drift, and the transaction is held no longer than that INSERT.
        var driftRun = drift is null || reference is null || driftRuns is null ? null : await driftRuns.PrepareAsync(
            new UploadDrift(batch.Id, batch.FileName, batch.UploadedBy, model.RegistryId, parse.RowCount, drift, reference, options), cancellationToken);

        progress.Stage("Committing");
        var commitStart = Stopwatch.GetTimestamp();
        var db = pipeline.Db!;
        db.Batches.Update(batch); // every field: schema, counts and reports were set while detached
        batch.Status = BatchStatus.Completed;
        batch.StoredRows = parse.RowCount;
        batch.HasLabels = labels.Count > 0;
        batch.ModelVersionId = model.RegistryId;
        batch.CompletedAtUtc = time.GetUtcNow().UtcDateTime;
        batch.DriftJson = drift is null ? null : DriftReportJson.Serialize(drift, indented: false);
        batch.Message = parse.WarningCount > 0 ? $"Stored with {parse.WarningCount} warning(s)." : null;
        if (driftRun is not null)
        {
            db.DriftRuns.Add(driftRun);
        }
        await db.SaveChangesAsync(cancellationToken);
        await pipeline.Transaction!.CommitAsync(cancellationToken);
        storeMonitor.Succeeded(large: true);
        notifier.Notify(StoreChange.Predictions | StoreChange.Batches);
        var times = pipeline.Times;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var timings = new IngestionTimings(times.Receive, times.Parse, times.Features, times.Score, times.Store, driftTime,
            Stopwatch.GetElapsedTime(commitStart), elapsed);
        progress.Stage("Done", done: true);
        return new BatchIngestionResult(batch.Id, BatchStatus.Completed, batch.Message, validation, drift, labelled, model.VersionId, elapsed,
            Timings: timings, DriftRunId: driftRun?.Id);
    }

    private async Task<BatchRecord> CreateBatchAsync(string fileName, string uploadedBy, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var batch = new BatchRecord
        {
            FileName = fileName, UploadedBy = uploadedBy, CreatedAtUtc = time.GetUtcNow().UtcDateTime, Status = BatchStatus.Running,
        };
        db.Batches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify(StoreChange.Batches);
        return batch;
    }

    private async Task FinishAsync(BatchRecord batch, BatchStatus status, string message, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        db.Batches.Update(batch); // every field: schema, counts and reports were set while detached
        batch.Status = status;
        batch.Message = message;
        batch.CompletedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify(StoreChange.Batches);
    }

    private async Task TryFinishAsync(BatchRecord batch, BatchStatus status, string message)
    {
        try
        {
            await FinishAsync(batch, status, message, CancellationToken.None);
        }
        catch (Exception ex) when (StoreErrors.Classify(ex) != StoreFailure.None)
        {
            // Still busy or full: the batch stays "running" without rows until the next start marks it interrupted.
        }
    }
}
