using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Models;

/// <summary>Reads the model registry's small columns and the reference scores, never the ONNX bytes.</summary>
public sealed class ModelVersionCatalog(ILeadScoringDbFactory dbFactory)
{
    /// <summary>The threshold used when no model version is known.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>Every version, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.ModelVersions.AsNoTracking()
            .OrderByDescending(m => m.Version)
            .Select(m => new ModelVersionInfo(m.Id, m.Version, m.Name, m.CreatedAtUtc, m.CreatedBy, m.Status, m.Origin,
                m.DecisionThreshold, m.MetricsJson, m.TrainingJson, m.PromotedAtUtc) { ChallengerSinceUtc = m.ChallengerSinceUtc })
            .ToListAsync(cancellationToken);
    }

    /// <summary>The scores of the version's reference rows, or null when it has none.</summary>
    public async Task<double[]?> ReferenceScoresAsync(int modelVersionId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var blob = await db.ModelVersions.AsNoTracking()
            .Where(m => m.Id == modelVersionId)
            .Select(m => m.ReferenceScores)
            .FirstOrDefaultAsync(cancellationToken);
        return blob is null || blob.Length == 0 ? null : FeatureBlob.Unpack(blob);
    }

    /// <summary>The version a view should take its threshold and reference from: the chosen one, else the champion.</summary>
    public static ModelVersionInfo? Resolve(IReadOnlyList<ModelVersionInfo> versions, int? chosenId) =>
        chosenId is { } id
            ? versions.FirstOrDefault(v => v.Id == id)
            : versions.FirstOrDefault(v => v.Status == ModelStatus.Champion);
}
