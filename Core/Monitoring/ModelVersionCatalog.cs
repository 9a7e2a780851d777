using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Monitoring;

/// <summary>What a page needs to know about a model version (no artifacts).</summary>
/// <param name="Id">Registry row id (stored on each prediction).</param>
/// <param name="Version">Human-facing number.</param>
/// <param name="Name">Display name, may be empty.</param>
/// <param name="Status">Candidate, champion or archived.</param>
/// <param name="DecisionThreshold">Score at or above which the version predicts "engaged".</param>
public sealed record ModelVersionInfo(int Id, int Version, string Name, ModelStatus Status, double DecisionThreshold)
{
    /// <summary>"v3 · name (champion)" for lists.</summary>
    public string Label =>
        $"v{Version}{(Name.Length > 0 ? " · " + Name : "")}{(Status == ModelStatus.Champion ? " (champion)" : "")}";
}

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
            .Select(m => new ModelVersionInfo(m.Id, m.Version, m.Name, m.Status, m.DecisionThreshold))
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
