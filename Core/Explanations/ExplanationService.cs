using System.Collections.Concurrent;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Features;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Explanations;

/// <summary>One input's push on the score: φ in log-odds and its share of the score change in percentage points.</summary>
/// <param name="Name">Raw column or model feature.</param>
/// <param name="Phi">SHAP value (margin space).</param>
/// <param name="PercentagePoints">Its part of (score − base score), in percentage points.</param>
/// <param name="Value">The lead's value of that model feature (null for a raw column).</param>
public sealed record Factor(string Name, double Phi, double PercentagePoints, double? Value);

/// <summary>Why a lead got its score, by raw column and by model feature (each sorted by |φ|).</summary>
public sealed record ScoreExplanation(int ModelVersionId, double Score, double BaseScore, double BaseValue,
    IReadOnlyList<Factor> RawColumns, IReadOnlyList<Factor> Features);

/// <summary>What moved the mean score of a batch or window, per raw column, or why it cannot be said.</summary>
public sealed record ScoreShiftResult(ScoreShiftAttribution? Attribution, string? Unavailable);

/// <summary>What a version uses: mean |φ| per raw column and per feature over its background sample, or why it cannot be said.</summary>
public sealed record ImportanceResult(GlobalImportance? Importance, string? Unavailable);

/// <summary>An explanation, or why there is none (the model is not a supported tree ensemble, no background stored).</summary>
public sealed record ExplanationResult(ScoreExplanation? Explanation, string? Unavailable);

/// <summary>
/// Exact SHAP explanations of stored or new predictions with the version that scored them, against the version's
/// stored background sample. One explainer per version, built on first use and kept (versions never change).
/// </summary>
public sealed class ExplanationService(ILeadScoringDbFactory dbFactory, ChampionHolder champion)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<Prepared>>> _explainers = new();
    private readonly ConcurrentDictionary<int, Lazy<Task<ImportanceResult>>> _importances = new();

    /// <summary>The explanation of a stored prediction; null when no such prediction exists.</summary>
    public async Task<ExplanationResult?> ForPredictionAsync(long predictionId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var row = await db.Predictions.AsNoTracking().Where(p => p.Id == predictionId)
            .Select(p => new { p.ModelVersionId, p.Features }).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var results = await ExplainAsync(row.ModelVersionId, FeatureBlob.Unpack(row.Features), cancellationToken);
        return results[0];
    }

    /// <summary>
    /// Global importance of a version: mean |φ| over its 200-row reference (background) sample, per raw column and per
    /// model feature; computed once per version.
    /// </summary>
    public async Task<ImportanceResult> ImportanceAsync(int modelVersionId, CancellationToken cancellationToken = default)
    {
        var prepared = await PreparedAsync(modelVersionId);
        if (prepared.Explainer is null)
        {
            return new(null, prepared.Unavailable);
        }
        return await _importances.GetOrAdd(modelVersionId, _ => new Lazy<Task<ImportanceResult>>(() => Task.Run(() =>
            new ImportanceResult(GlobalImportance.Compute(prepared.Explainer.ExplainMany(prepared.Background!), prepared.Grouping), null)))).Value
            .WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Every prediction of a batch with its explanation, oldest first, read and explained 2,000 at a time (a batch is
    /// never held whole); empty when the batch has no predictions.
    /// </summary>
    public async IAsyncEnumerable<(long Id, string? LeadId, ExplanationResult Result)> ExplainBatchAsync(long batchId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Chunk = 2_000;
        long after = 0;
        while (true)
        {
            List<(long Id, string? LeadId, int Version, byte[] Features)> rows;
            await using (var db = dbFactory.CreateDbContext())
            {
                rows = [.. (await db.Predictions.AsNoTracking().Where(p => p.BatchId == batchId && p.Id > after).OrderBy(p => p.Id).Take(Chunk)
                    .Select(p => new { p.Id, p.LeadId, p.ModelVersionId, p.Features }).ToListAsync(cancellationToken))
                    .Select(p => (p.Id, p.LeadId, p.ModelVersionId, p.Features))];
            }
            if (rows.Count == 0)
            {
                yield break;
            }
            foreach (var group in rows.GroupBy(r => r.Version))
            {
                var members = group.ToList();
                var features = members.SelectMany(r => FeatureBlob.Unpack(r.Features)).ToArray();
                var results = await ExplainAsync(group.Key, features, cancellationToken);
                for (var i = 0; i < members.Count; i++)
                {
                    yield return (members[i].Id, members[i].LeadId, results[Math.Min(i, results.Count - 1)]);
                }
            }
            after = rows[^1].Id;
        }
    }

    /// <summary>Most stored rows a score-shift attribution explains (a fixed, evenly spread sample beyond it).</summary>
    public const int ScoreShiftMaxRows = 20_000;

    /// <summary>
    /// Which columns moved the scores of a batch (or of a version's predictions in a window) away from the version's
    /// reference: mean φ over the stored rows (up to <see cref="ScoreShiftMaxRows"/>, every k-th by id) minus mean φ
    /// over the background sample; the terms add up exactly to the shift of the mean log-odds.
    /// </summary>
    public async Task<ScoreShiftResult> ScoreShiftAsync(int modelVersionId, long? batchId, TimeWindow? window, CancellationToken cancellationToken = default)
    {
        var prepared = await PreparedAsync(modelVersionId);
        if (prepared.Explainer is null)
        {
            return new(null, prepared.Unavailable);
        }
        await using var db = dbFactory.CreateDbContext();
        var rows = db.Predictions.AsNoTracking().Where(p => p.ModelVersionId == modelVersionId);
        if (batchId is { } batch)
        {
            rows = rows.Where(p => p.BatchId == batch);
        }
        if (window is { } w)
        {
            rows = rows.Where(p => p.TimestampMs >= w.FromMs && p.TimestampMs < w.ToMs);
        }
        var count = await rows.CountAsync(cancellationToken);
        if (count == 0)
        {
            return new(null, "no stored predictions of this model version here");
        }
        var step = (count + ScoreShiftMaxRows - 1) / ScoreShiftMaxRows;
        var blobs = await (step > 1 ? rows.Where(p => p.Id % step == 0) : rows).Select(p => p.Features).Take(ScoreShiftMaxRows).ToListAsync(cancellationToken);
        var width = prepared.Columns.Count;
        var features = new double[blobs.Count * width];
        for (var i = 0; i < blobs.Count; i++)
        {
            FeatureBlob.UnpackInto(blobs[i], features.AsSpan(i * width, width));
        }
        var current = new FeatureRows(features, width);
        var attribution = await Task.Run(() => ScoreShiftAttribution.Compute(prepared.Explainer, current, prepared.Background!, prepared.Grouping), cancellationToken);
        return new(attribution, null);
    }

    /// <summary>Explanations of new leads with the champion (its feature pipeline, then its trees); null without a champion.</summary>
    public async Task<IReadOnlyList<ExplanationResult>?> ExplainWithChampionAsync(IReadOnlyList<RawLead> leads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        int versionId;
        double[] features;
        if (!champion.TryAcquire(out var lease))
        {
            return null;
        }
        using (lease)
        {
            var pipeline = lease.Model.Pipeline ?? throw new InvalidOperationException($"Model {lease.Model.VersionId} has no feature pipeline state.");
            features = pipeline.TransformBatch(leads);
            versionId = lease.Model.RegistryId;
        }
        return await ExplainAsync(versionId, features, cancellationToken);
    }

    /// <summary>Explanations of feature rows (row-major, the version's input order) scored by a version.</summary>
    public async Task<IReadOnlyList<ExplanationResult>> ExplainAsync(int modelVersionId, double[] rowMajor, CancellationToken cancellationToken = default)
    {
        var prepared = await PreparedAsync(modelVersionId);
        var rows = rowMajor.Length / Math.Max(1, prepared.Columns.Count);
        if (prepared.Explainer is null)
        {
            return [.. Enumerable.Repeat(new ExplanationResult(null, prepared.Unavailable), Math.Max(rows, 1))];
        }
        var batch = await Task.Run(() => prepared.Explainer.ExplainMany(new FeatureRows(rowMajor, prepared.Columns.Count)), cancellationToken);
        var width = prepared.Columns.Count;
        var results = new ExplanationResult[rows];
        for (var i = 0; i < rows; i++)
        {
            var lead = LeadExplanation.Create(batch[i], prepared.Grouping);
            var offset = i * width;
            results[i] = new ExplanationResult(new ScoreExplanation(modelVersionId, lead.Score, lead.BaseScore, lead.BaseValue,
                [.. LeadExplanation.ByMagnitude(lead.RawColumns).Select(c => new Factor(c.Name, c.Phi, c.PercentagePoints, null))],
                [.. LeadExplanation.ByMagnitude(lead.Features).Select(c => new Factor(c.Name, c.Phi, c.PercentagePoints, rowMajor[offset + prepared.ColumnIndex[c.Name]]))]),
                null);
        }
        return results;
    }

    private async Task<Prepared> PrepareAsync(int versionId)
    {
        await using var db = dbFactory.CreateDbContext();
        var version = await db.ModelVersions.AsNoTracking().Where(m => m.Id == versionId)
            .Select(m => new { m.OnnxModel, m.FeatureColumnsJson, m.ExplanationBackground }).SingleOrDefaultAsync();
        if (version is null)
        {
            return new(null, $"model version {versionId} does not exist", [], FeatureGrouping.RawColumns);
        }
        var columns = version.FeatureColumnsJson.Length == 0
            ? [.. FeatureSchema.Names]
            : JsonSerializer.Deserialize<string[]>(version.FeatureColumnsJson) ?? [.. FeatureSchema.Names];
        if (version.ExplanationBackground is null)
        {
            return new(null, "this version was registered without reference data, so it has no background sample to explain against", columns, FeatureGrouping.RawColumns);
        }
        try
        {
            var ensemble = OnnxTreeEnsembleReader.Read(version.OnnxModel);
            var background = new FeatureRows(FeatureBlob.Unpack(version.ExplanationBackground), columns.Length);
            return new(Explainer.Create(ensemble, background), null, columns, FeatureGrouping.RawColumnsFor(columns), background);
        }
        catch (TreeEnsembleNotSupportedException e)
        {
            return new(null, e.Message, columns, FeatureGrouping.RawColumns);
        }
    }

    private Task<Prepared> PreparedAsync(int versionId) =>
        _explainers.GetOrAdd(versionId, id => new Lazy<Task<Prepared>>(() => PrepareAsync(id))).Value;

    private sealed record Prepared(Explainer? Explainer, string? Unavailable, IReadOnlyList<string> Columns, FeatureGrouping Grouping,
        FeatureRows? Background = null)
    {
        /// <summary>Position of each model input by name (built once per version).</summary>
        public Dictionary<string, int> ColumnIndex { get; } =
            Columns.Select((c, j) => (c, j)).ToDictionary(x => x.c, x => x.j, StringComparer.Ordinal);
    }
}
