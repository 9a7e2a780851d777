using System.Diagnostics;
using System.Text.Json;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
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
public sealed record BatchIngestionResult(
    long BatchId, BatchStatus Status, string? Message, ValidationReport Validation, DriftReport? Drift, BinaryEvaluation? LabelledEvaluation,
    string? ModelVersion, TimeSpan Elapsed, StoreFailure Failure = StoreFailure.None);

/// <summary>The validation report stored with a batch: every issue counted, the first ones listed.</summary>
public sealed record ValidationReport(string? Schema, int Rows, int ErrorCount, int WarningCount, IReadOnlyList<CsvIssue> Errors, IReadOnlyList<CsvIssue> Warnings)
{
    public static ValidationReport From(LeadBatchParseResult parse) =>
        new(parse.Schema?.ToString().ToLowerInvariant(), parse.RowCount, parse.ErrorCount, parse.WarningCount, parse.Errors, parse.Warnings);
}

/// <summary>
/// The one ingestion path for CSV batches (browser upload and HTTP API): validate the whole file, score every row with
/// the champion, test drift against the champion's reference, then store the predictions and the batch's result in
/// one transaction. A file with any error is rejected and stores no prediction; a crash mid-way leaves the batch
/// "running" with no rows, which the next start marks as interrupted. A busy, full or read-only store does not throw:
/// the result is Failed with a plain message and <see cref="BatchIngestionResult.Failure"/> set, and nothing is stored.
/// </summary>
public sealed class BatchIngestionService(
    ILeadScoringDbFactory dbFactory, ChampionHolder champion, ModelRegistry registry, StoreChangeNotifier notifier, TimeProvider time,
    StoreWriteMonitor storeMonitor, LargeBatchMemory memory, IOptionsMonitor<DriftOptions>? configuredDrift = null)
{
    /// <summary>Every issue is kept up to this many (all are counted), so the downloadable report lists them.</summary>
    public const int MaxStoredIssues = 10_000;

    private static readonly CsvReadOptions s_readOptions = new() { MaxIssueMessages = MaxStoredIssues };

    private readonly SemaphoreSlim _gate = new(Math.Max(1, Environment.ProcessorCount / 2));

    public async Task<BatchIngestionResult> IngestAsync(Stream csv, string fileName, string uploadedBy, DriftOptions? driftOptions = null,
        IProgress<BuildProgress>? progress = null, DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
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
        progress?.Report(new BuildProgress(0.02, "Waiting for other uploads to finish"));
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
            return await ProcessAsync(batch, csv, driftOptions, progress, timestamp, started, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await TryFinishAsync(batch, BatchStatus.Failed, "Cancelled; nothing was stored.");
            throw;
        }
        finally
        {
            _gate.Release();
            inFlight.Rows = batch.TotalRows;
        }
    }

    private async Task<BatchIngestionResult> ProcessAsync(BatchRecord batch, Stream csv, DriftOptions? driftOptions, IProgress<BuildProgress>? progress,
        DateTimeOffset? timestamp, long started, CancellationToken cancellationToken)
    {
        progress?.Report(new BuildProgress(0.05, "Reading and validating the CSV"));
        var parse = await Task.Run(() => LeadCsvReader.Read(csv, s_readOptions), cancellationToken);
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
            await TryFinishAsync(batch, BatchStatus.Rejected, message);
            return new BatchIngestionResult(batch.Id, BatchStatus.Rejected, message, validation, null, null, null, Stopwatch.GetElapsedTime(started));
        }
        if (!champion.TryAcquire(out var lease))
        {
            const string message = "No model is loaded, so the batch cannot be scored. Try again once a champion model is serving.";
            await TryFinishAsync(batch, BatchStatus.Failed, message);
            return new BatchIngestionResult(batch.Id, BatchStatus.Failed, message, validation, null, null, null, Stopwatch.GetElapsedTime(started));
        }
        try
        {
            using (lease)
            {
                return await ScoreAndStoreAsync(batch, parse, lease.Model, driftOptions, progress, timestamp, started, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The transaction rolled back: nothing half-stored. Store failures are answered, anything else is a bug for the log.
            var failure = StoreErrors.Classify(ex);
            storeMonitor.Failed(failure);
            await TryFinishAsync(batch, BatchStatus.Failed, StoreErrors.Describe(ex));
            if (failure == StoreFailure.None)
            {
                throw;
            }
            return new BatchIngestionResult(batch.Id, BatchStatus.Failed, StoreErrors.Describe(ex), validation, null, null, null,
                Stopwatch.GetElapsedTime(started), failure);
        }
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

    private async Task<BatchIngestionResult> ScoreAndStoreAsync(BatchRecord batch, LeadBatchParseResult parse, ScoringModel model,
        DriftOptions? driftOptions, IProgress<BuildProgress>? progress, DateTimeOffset? timestamp, long started, CancellationToken cancellationToken)
    {
        var rows = parse.RowCount;
        progress?.Report(new BuildProgress(0.35, $"Scoring {rows:N0} rows"));
        double[] features;
        if (parse.Schema == LeadBatchSchema.Raw)
        {
            var pipeline = model.Pipeline ?? throw new InvalidOperationException("The champion has no feature pipeline.");
            features = new double[rows * FeatureSchema.Count];
            pipeline.TransformBatch(parse.RawRows, features);
        }
        else
        {
            features = parse.ProcessedRowMajor();
        }
        var scores = new double[rows];
        var inference = model.Scorer.Score(features, scores);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new BuildProgress(0.55, "Testing drift against the model's reference"));
        var reference = await registry.DriftReferenceAsync(model.RegistryId, cancellationToken);
        // The configured drift options (section "Drift") unless the caller chose others, so stored reports match the Drift page.
        var options = driftOptions ?? configuredDrift?.CurrentValue;
        var drift = reference is null ? null : await Task.Run(() => DriftDetector.Run(reference, LeadDriftData.FromFeatures(features), options, scores), cancellationToken);
        var labelled = LabelledEvaluation(parse.Labels, scores, model.Threshold);

        progress?.Report(new BuildProgress(0.70, $"Storing {rows:N0} predictions"));
        var now = (timestamp ?? time.GetUtcNow()).ToUnixTimeMilliseconds();
        var endToEnd = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var records = new PredictionRecord[rows];
        for (var i = 0; i < rows; i++)
        {
            records[i] = new PredictionRecord
            {
                TimestampMs = now, BatchId = batch.Id, ModelVersionId = model.RegistryId, Score = scores[i],
                PredictedEngaged = model.IsEngaged(scores[i]), ActualEngaged = parse.Labels?[i],
                InferenceMs = inference.TotalMilliseconds / rows, EndToEndMs = endToEnd / rows,
                Features = FeatureBlob.Pack(features.AsSpan(i * FeatureSchema.Count, FeatureSchema.Count)), Source = PredictionSource.Upload,
            };
        }
        await using (var db = dbFactory.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await PredictionBulkWriter.WriteAsync(db, records, cancellationToken);
            db.Batches.Update(batch); // every field: schema, counts and reports were set while detached
            batch.Status = BatchStatus.Completed;
            batch.StoredRows = rows;
            batch.HasLabels = parse.Labels is not null && parse.Labels.Any(l => l is not null);
            batch.ModelVersionId = model.RegistryId;
            batch.CompletedAtUtc = time.GetUtcNow().UtcDateTime;
            batch.DriftJson = drift is null ? null : DriftReportJson.Serialize(drift, indented: false);
            batch.Message = parse.WarningCount > 0 ? $"Stored with {parse.WarningCount} warning(s)." : null;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        storeMonitor.Succeeded(large: true);
        notifier.Notify(StoreChange.Predictions | StoreChange.Batches);
        progress?.Report(new BuildProgress(1.0, "Done"));
        return new BatchIngestionResult(batch.Id, BatchStatus.Completed, batch.Message, ValidationReport.From(parse), drift, labelled, model.VersionId, Stopwatch.GetElapsedTime(started));
    }

    private static BinaryEvaluation? LabelledEvaluation(IReadOnlyList<int?>? labels, double[] scores, double threshold)
    {
        if (labels is null)
        {
            return null;
        }
        var known = Enumerable.Range(0, scores.Length).Where(i => labels[i] is not null).ToArray();
        if (known.Length == 0 || known.Select(i => labels[i]).Distinct().Count() < 2)
        {
            return null;
        }
        return BinaryEvaluation.Compute([.. known.Select(i => scores[i])], [.. known.Select(i => labels[i]!.Value)], threshold);
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
