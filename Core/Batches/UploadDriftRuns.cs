using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Drift;

namespace LeadScoring.Core.Batches;

/// <summary>The upload's drift as it ran, for the drift-run record (implemented by Core/DriftRuns, which sits above Batches).</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="FileName">Its sanitized file name.</param>
/// <param name="UploadedBy">Who uploaded it.</param>
/// <param name="ModelVersionId">The model version that scored it (its reference was used).</param>
/// <param name="Rows">Rows stored and tested.</param>
/// <param name="Report">The drift report stored on the batch.</param>
/// <param name="Reference">The reference it was tested against.</param>
/// <param name="Options">The options it ran with; null = the engine's defaults.</param>
public sealed record UploadDrift(long BatchId, string FileName, string UploadedBy, int ModelVersionId, int Rows, DriftReport Report,
    DriftReference Reference, DriftOptions? Options);

/// <summary>Builds the drift-run row of an upload; ingestion adds it to the upload's own transaction.</summary>
public interface IUploadDriftRuns
{
    /// <summary>The row (not saved), or null when it could not be built: that is logged and never fails the upload.</summary>
    Task<DriftRunRecord?> PrepareAsync(UploadDrift drift, CancellationToken cancellationToken);
}
