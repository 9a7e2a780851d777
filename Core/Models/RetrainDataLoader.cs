using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Models;

/// <summary>A labelled stored batch offered for retraining, and whether it can be used now.</summary>
/// <param name="BatchId">Store id.</param>
/// <param name="FileName">Uploaded file name.</param>
/// <param name="CreatedAtUtc">Upload time.</param>
/// <param name="LabelledRows">Rows with a known label.</param>
/// <param name="Usable">True when its rows are encoded with the champion's pipeline.</param>
/// <param name="Reason">Why it cannot be used, when it cannot.</param>
public sealed record LabelledBatchInfo(long BatchId, string FileName, DateTime CreatedAtUtc, int LabelledRows, bool Usable, string? Reason);

/// <summary>
/// Loads what a retrain selected. Batch rows are usable only when they were encoded by a pipeline equal to the
/// champion's: the kept pipeline must give the reference rows, the batch rows and the champion's comparison the
/// same feature space.
/// </summary>
public sealed class RetrainDataLoader(ILeadScoringDbFactory dbFactory, ChampionHolder champion, IReferenceLeadSource reference)
{
    /// <summary>Describes the reference set, or null when there is none.</summary>
    public string? ReferenceDescription => reference.Description;

    /// <summary>Completed batches that carry labels, newest first, each marked usable or not.</summary>
    public async Task<IReadOnlyList<LabelledBatchInfo>> LabelledBatchesAsync(CancellationToken cancellationToken = default)
    {
        var championPipeline = ChampionPipelineJson();
        await using var db = dbFactory.CreateDbContext();
        var batches = await db.Batches.AsNoTracking()
            .Where(b => b.Status == BatchStatus.Completed && b.HasLabels)
            .OrderByDescending(b => b.Id)
            .Select(b => new { b.Id, b.FileName, b.CreatedAtUtc, b.ModelVersionId })
            .ToListAsync(cancellationToken);
        var versionIds = batches.Select(b => b.ModelVersionId).Distinct().ToList();
        var pipelines = await db.ModelVersions.AsNoTracking().Where(m => versionIds.Contains(m.Id))
            .Select(m => new { m.Id, m.Version, m.PipelineStateJson }).ToListAsync(cancellationToken);
        var counts = await db.Predictions.AsNoTracking()
            .Where(p => p.BatchId != null && p.ActualEngaged != null)
            .GroupBy(p => p.BatchId!.Value)
            .Select(g => new { BatchId = g.Key, Rows = g.Count() })
            .ToDictionaryAsync(g => g.BatchId, g => g.Rows, cancellationToken);
        var result = new List<LabelledBatchInfo>(batches.Count);
        foreach (var b in batches)
        {
            var version = pipelines.FirstOrDefault(p => p.Id == b.ModelVersionId);
            string? reason = null;
            if (championPipeline is null)
            {
                reason = "No champion with a feature pipeline is loaded.";
            }
            else if (version is null || Normalize(version.PipelineStateJson) != championPipeline)
            {
                reason = $"Scored by v{version?.Version} whose feature encodings differ from the champion's; its stored features cannot be re-encoded.";
            }
            result.Add(new LabelledBatchInfo(b.Id, b.FileName, b.CreatedAtUtc, counts.GetValueOrDefault(b.Id), reason is null, reason));
        }
        return result;
    }

    /// <summary>Loads the selection; throws <see cref="InvalidOperationException"/> naming what cannot be used.</summary>
    public async Task<RetrainData> LoadAsync(RetrainRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var leads = request.IncludeReferenceSet
            ? await Task.Run(reference.Load, cancellationToken) ?? throw new InvalidOperationException("The reference set is not available on this server.")
            : [];
        if (request.BatchIds.Count == 0)
        {
            return new RetrainData(leads, [], null);
        }
        var offered = await LabelledBatchesAsync(cancellationToken);
        var batches = new List<LabelledFeatureRows>();
        await using var db = dbFactory.CreateDbContext();
        foreach (var id in request.BatchIds.Distinct())
        {
            var info = offered.FirstOrDefault(b => b.BatchId == id)
                ?? throw new InvalidOperationException($"Batch {id} does not exist, is not completed, or has no labels.");
            if (!info.Usable)
            {
                throw new InvalidOperationException($"Batch {id} ({info.FileName}) cannot be used: {info.Reason}");
            }
            var rows = await db.Predictions.AsNoTracking()
                .Where(p => p.BatchId == id && p.ActualEngaged != null)
                .OrderBy(p => p.Id)
                .Select(p => new { p.Features, p.ActualEngaged })
                .ToListAsync(cancellationToken);
            var features = new double[rows.Count * FeatureSchema.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                FeatureBlob.UnpackInto(rows[i].Features, features.AsSpan(i * FeatureSchema.Count, FeatureSchema.Count));
            }
            batches.Add(new LabelledFeatureRows(id, features, [.. rows.Select(r => r.ActualEngaged!.Value)]));
        }
        var pipeline = champion.Current?.Pipeline ?? throw new InvalidOperationException("No champion with a feature pipeline is loaded.");
        return new RetrainData(leads, batches, pipeline);
    }

    private string? ChampionPipelineJson() => champion.Current?.Pipeline?.ToJson();

    private static string? Normalize(string json)
    {
        try
        {
            return FeaturePipelineState.FromJson(json).ToJson();
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
