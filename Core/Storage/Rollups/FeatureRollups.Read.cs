using LeadScoring.Engine.Drift;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>One (hour, model version) of feature rollups: predictions counted on a reference hash, and the counts.</summary>
public sealed record FeatureRollupHour(long HourMs, int ModelVersionId, long ReferenceHash, long Predictions, byte[] Counts);

public static partial class FeatureRollups
{
    /// <summary>
    /// The feature rollup rows of the hours in [<paramref name="fromMs"/>, <paramref name="toMs"/>) (optionally of one
    /// model version), deltas not yet folded included; the caller decides which hours they cover completely.
    /// </summary>
    public static async Task<List<FeatureRollupHour>> HoursAsync(LeadScoringDbContext db, long fromMs, long toMs, int? modelVersionId,
        CancellationToken cancellationToken = default)
    {
        var rows = db.FeatureRollups.AsNoTracking().Where(r => r.HourMs >= fromMs && r.HourMs < toMs);
        if (modelVersionId is { } id)
        {
            rows = rows.Where(r => r.ModelVersionId == id);
        }
        return await rows.Select(r => new FeatureRollupHour(r.HourMs, r.ModelVersionId, r.ReferenceHash, r.Predictions, r.Counts))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The hours whose rollups count every stored prediction on the reference <paramref name="hash"/>: for each model
    /// version present, the rollups on that hash add up to the hour's prediction count and none are on another reference.
    /// An hour outside this set (predictions stored before rollups existed or while they were off, or of a version
    /// with another reference) has to be read row by row.
    /// </summary>
    public static HashSet<long> CompleteHours(IReadOnlyDictionary<(long Hour, int Version), long> predictionCounts,
        IEnumerable<FeatureRollupHour> rollups, long hash)
    {
        var onHash = new Dictionary<(long, int), long>();
        var offHash = new Dictionary<(long, int), long>();
        foreach (var r in rollups)
        {
            var sums = r.ReferenceHash == hash && hash != 0 ? onHash : offHash;
            sums[(r.HourMs, r.ModelVersionId)] = sums.GetValueOrDefault((r.HourMs, r.ModelVersionId)) + r.Predictions;
        }
        var complete = predictionCounts.Keys.Select(k => k.Hour).ToHashSet();
        foreach (var key in predictionCounts.Keys.Union(onHash.Keys).Union(offHash.Keys))
        {
            if (predictionCounts.GetValueOrDefault(key) != onHash.GetValueOrDefault(key) || offHash.GetValueOrDefault(key) != 0)
            {
                complete.Remove(key.Item1);
            }
        }
        return complete;
    }

    /// <summary>The sum of the counts on <paramref name="reference"/> of the given hours.</summary>
    public static DriftCounts Sum(IEnumerable<FeatureRollupHour> rollups, ISet<long> hours, DriftReference reference, long hash)
    {
        var counts = DriftCounts.Empty(reference);
        foreach (var r in rollups)
        {
            if (r.ReferenceHash == hash && hours.Contains(r.HourMs) && r.Counts.Length > 0)
            {
                counts.Merge(DriftCounts.Deserialize(r.Counts, reference));
            }
        }
        return counts;
    }
}
