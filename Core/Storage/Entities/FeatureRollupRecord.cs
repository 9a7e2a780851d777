namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// Drift counts of the predictions of one model version in one UTC hour on that version's drift-reference grid
/// (<see cref="LeadScoring.Engine.Drift.DriftCounts"/>), so window drift sums ~720 rows instead of reading every
/// feature blob. Written as a signed delta in every transaction that inserts or deletes predictions; a closed hour's
/// deltas are compacted into one row in the background (<see cref="Rollups.FeatureRollups"/>).
/// </summary>
public sealed class FeatureRollupRecord
{
    public long Id { get; set; }

    /// <summary>Start of the hour, Unix milliseconds UTC.</summary>
    public long HourMs { get; set; }

    public int ModelVersionId { get; set; }

    /// <summary>Hash of the drift reference the counts are on (0: the version has no reference, only <see cref="Predictions"/> is kept).</summary>
    public long ReferenceHash { get; set; }

    /// <summary>Predictions counted (signed), those without the 47 features included: compared with the table to find hours the rollups miss.</summary>
    public long Predictions { get; set; }

    /// <summary>The serialized counts (empty when <see cref="ReferenceHash"/> is 0).</summary>
    public byte[] Counts { get; set; } = [];
}
