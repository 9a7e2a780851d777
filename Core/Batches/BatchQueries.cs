using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Drift;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Batches;

/// <summary>A stored batch with what the API and the reports show of it.</summary>
/// <param name="Record">The batch row (counts, status, message, stored reports as JSON).</param>
/// <param name="ModelVersion">The number of the model version that scored it (v3 → 3), when known.</param>
public sealed record StoredBatch(BatchRecord Record, int? ModelVersion)
{
    /// <summary>The validation report stored with the batch, or null when it has none.</summary>
    public ValidationReport? Validation { get; } = string.IsNullOrEmpty(Record.ValidationJson) ? null : JsonSerializer.Deserialize<ValidationReport>(Record.ValidationJson);

    /// <summary>The drift report stored with the batch, or null when it has none.</summary>
    public DriftReport? Drift { get; } = string.IsNullOrEmpty(Record.DriftJson) ? null : DriftReportJson.Deserialize(Record.DriftJson);
}

/// <summary>Reads stored batches for the batch API and reports.</summary>
public sealed class BatchQueries(ILeadScoringDbFactory dbFactory)
{
    /// <summary>The batch with its model version number, or null when there is no such batch.</summary>
    public async Task<StoredBatch?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var found = await db.Batches.AsNoTracking()
            .Where(b => b.Id == id)
            .Select(b => new { Batch = b, Version = db.ModelVersions.Where(m => m.Id == b.ModelVersionId).Select(m => (int?)m.Version).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : new StoredBatch(found.Batch, found.Version);
    }
}
