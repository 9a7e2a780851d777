using LeadScoring.Core.Diagnostics;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.DriftRuns;

public sealed partial class DriftService
{
    private const int ProgressEvery = 50_000;

    /// <summary>
    /// An uploaded CSV (raw leads go through the serving champion's feature pipeline; processed rows are used as they
    /// are) against the champion's reference, or against <paramref name="reference"/> when given (a reference built on
    /// the fly, scored by the champion when one is loaded so prediction drift can be tested).
    /// </summary>
    public async Task<DriftRun> ForUploadAsync(Stream current, string? currentName = null, Stream? reference = null, string? referenceName = null,
        DriftOverrides? overrides = null, IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default,
        DriftRunTrigger trigger = DriftRunTrigger.Api, string? requestedBy = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var run = await UploadRunAsync(current, currentName, reference, referenceName, options: EffectiveOptions(overrides), progress, cancellationToken);
        return await RecordAsync(run.Run, new DriftRunContext(DriftRunKind.Files, trigger, requestedBy, run.Reference, run.Options, overrides));
    }

    private async Task<(DriftRun Run, DriftReference Reference, DriftOptions Options)> UploadRunAsync(Stream current, string? currentName, Stream? reference,
        string? referenceName, DriftOptions options, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        await EnterHeavyAsync(cancellationToken);
        champion.TryAcquire(out var lease);
        try
        {
            var model = lease?.Model;
            var notices = new List<string>();
            progress?.Report(new BuildProgress(0.05, "Reading the current CSV"));
            var currentFeatures = await Task.Run(() => Featurize(current, "current", model), cancellationToken);
            DriftReference driftReference;
            string referenceLabel;
            int? versionId = null;
            if (reference is not null)
            {
                progress?.Report(new BuildProgress(0.3, "Reading the reference CSV"));
                var referenceFeatures = await Task.Run(() => Featurize(reference, "reference", model), cancellationToken);
                var referenceScores = model?.Scorer.ScoreBatch(referenceFeatures).Probabilities;
                driftReference = await Task.Run(() => DriftReference.Build(LeadDriftData.FromFeatures(referenceFeatures), referenceScores), cancellationToken);
                referenceLabel = $"uploaded reference {UploadFileName.Sanitize(referenceName ?? "reference.csv")} ({driftReference.RowCount:N0} rows)";
            }
            else
            {
                var found = await ModelReferenceAsync(model?.RegistryId is > 0 ? model.RegistryId : null, cancellationToken);
                (driftReference, versionId, referenceLabel) = (found.Reference, found.VersionId, ReferenceLabel(found.Label));
                notices.AddRange(found.Notices);
            }
            double[]? currentScores = null;
            if (model is null)
            {
                notices.Add("No model is loaded, so the rows were not scored and prediction drift is not tested.");
            }
            else
            {
                currentScores = model.Scorer.ScoreBatch(currentFeatures).Probabilities;
            }
            progress?.Report(new BuildProgress(0.6, "Testing drift"));
            var dataset = LeadDriftData.FromFeatures(currentFeatures);
            using var activity = LeadScoringDiagnostics.Source.StartActivity("leadscoring.drift");
            var report = await Task.Run(() => DriftDetector.Run(driftReference, dataset, options, currentScores), cancellationToken);
            LeadScoringDiagnostics.RecordDrift(activity, "file", report);
            progress?.Report(new BuildProgress(1.0, "Done"));
            var subject = $"Uploaded file {UploadFileName.Sanitize(currentName ?? "current.csv")}";
            return (new DriftRun(report, subject, referenceLabel, versionId, dataset.RowCount, false, false, notices), driftReference, options);
        }
        finally
        {
            lease?.Dispose();
            _heavyGate.Release();
        }
    }

    private static double[] Featurize(Stream csv, string which, ScoringModel? model)
    {
        var parse = LeadCsvReader.Read(csv);
        if (!parse.Succeeded)
        {
            throw new DriftServiceException(DriftFailure.InvalidCsv,
                $"The {which} CSV has {parse.ErrorCount} problem(s); nothing was tested. Fix the rows listed and try again.", which, parse.Errors, parse.ErrorCount);
        }
        if (parse.RowCount == 0)
        {
            throw new DriftServiceException(DriftFailure.InvalidCsv, $"The {which} CSV has no data rows.", which);
        }
        if (parse.Schema != LeadBatchSchema.Raw)
        {
            return parse.ProcessedRowMajor();
        }
        var pipeline = model?.Pipeline ?? throw new DriftServiceException(DriftFailure.NoModel,
            $"The {which} CSV holds raw leads; turning them into features needs the champion's pipeline and no model is loaded. Upload the processed form (the 47 feature columns).",
            which);
        var features = new double[parse.RowCount * FeatureSchema.Count];
        pipeline.TransformBatch(parse.RawRows, features);
        return features;
    }

    private async Task<StoredRows> ReadStoredAsync(PredictionFilter filter, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var cap = Math.Max(1, serviceOptions.Value.MaxWindowRows);
        await using var db = dbFactory.CreateDbContext();
        var query = Filtered(db, filter);
        progress?.Report(new BuildProgress(0.02, "Counting rows"));
        var available = await query.LongCountAsync(cancellationToken);
        var take = (int)Math.Min(available, cap);
        var notices = new List<string>();
        if (available > cap)
        {
            notices.Add($"Capped: the newest {cap:N0} of {available:N0} predictions were tested (DriftService:MaxWindowRows).");
        }
        if (filter.ModelVersionId is null && filter.BatchId is null
            && await query.Select(p => p.ModelVersionId).Distinct().CountAsync(cancellationToken) is > 1 and var versions)
        {
            notices.Add($"The window mixes predictions of {versions} model versions, whose features come from different fitted encodings; choose one model version for a clean comparison.");
        }
        var builder = new LeadDriftColumnsBuilder(take);
        var scores = new double[take];
        var row = new double[FeatureSchema.Count];
        var skipped = 0;
        // Newest first only when capping needs an order: an unordered read of a window is cheaper.
        var source = available > cap ? query.OrderByDescending(p => p.TimestampMs).ThenByDescending(p => p.Id) : query;
        await foreach (var p in source.Take(take).Select(p => new { p.Score, p.Features }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (p.Features.Length != FeatureSchema.Count * sizeof(double))
            {
                skipped++;
                continue;
            }
            if (builder.Count == take)
            {
                break;
            }
            FeatureBlob.UnpackInto(p.Features, row);
            scores[builder.Count] = p.Score;
            builder.Add(row);
            if (builder.Count % ProgressEvery == 0)
            {
                progress?.Report(new BuildProgress(0.05 + 0.7 * builder.Count / take, $"Read {builder.Count:N0} of {take:N0} rows"));
            }
        }
        if (skipped > 0)
        {
            notices.Add($"{skipped:N0} stored prediction(s) without the 47 features were left out.");
        }
        return new StoredRows(builder.Build(), builder.Count == take ? scores : scores[..builder.Count], available, available > cap, notices);
    }

    private static IQueryable<PredictionRecord> Filtered(LeadScoringDbContext db, PredictionFilter filter)
    {
        var query = db.Predictions.AsNoTracking().Where(p => p.TimestampMs >= filter.Window.FromMs && p.TimestampMs < filter.Window.ToMs);
        if (filter.ModelVersionId is int version)
        {
            query = query.Where(p => p.ModelVersionId == version);
        }
        if (filter.BatchId is long batch)
        {
            query = query.Where(p => p.BatchId == batch);
        }
        return query;
    }

    private sealed record StoredRows(DriftDataset Dataset, double[] Scores, long Available, bool Capped, IReadOnlyList<string> Notices);
}
