using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Predictions;

/// <summary>
/// Sorting a large window by model version without sorting the window: version by version (found by a loose scan of
/// the version index, a few index probes), each version's rows in the window read in order from the index on
/// (ModelVersionId, TimestampMs); whole versions before the page are skipped by their rollup counts.
/// </summary>
public sealed partial class PredictionPageQuery
{
    // More distinct versions than this and the walk gives way to the plain sort.
    private const int MaxVersionsWalked = 1_000;

    // windowRows: the search's total, which for a window (and version) alone is the rollups' exact count.
    private async Task<List<long>?> VersionWalkIdsAsync(LeadScoringDbContext db, PredictionPageRequest request, long windowRows,
        CancellationToken cancellationToken)
    {
        var search = request.Search;
        if (request.SortBy != PredictionSortColumn.ModelVersionId || rollups is null
            || search is not { BatchId: null, MinScore: null, MaxScore: null } || windowRows <= LargeWindowRows)
        {
            return null;
        }
        var descending = request.Descending ^ Reversed(request);
        var versions = await VersionsAsync(db, search.ModelVersionId, descending, cancellationToken);
        if (versions is null)
        {
            return null;
        }
        var key = request.Key;
        var skip = key is null && !request.LastPage ? (long)request.Skip : 0;
        var ids = new List<long>(request.Take);
        foreach (var version in versions.Where(v => key is null || (descending ? v <= (int)key.SortValue : v >= (int)key.SortValue)))
        {
            var inVersion = Filtered(db, search with { ModelVersionId = version });
            if (key is not null && version == (int)key.SortValue)
            {
                inVersion = BeyondInVersions(inVersion, key, descending);
            }
            else if (skip > 0)
            {
                var count = await rollups.CountAsync(search.Window, version, cancellationToken);
                if (skip >= count)
                {
                    skip -= count;
                    continue;
                }
            }
            var ordered = descending
                ? inVersion.OrderByDescending(p => p.TimestampMs).ThenByDescending(p => p.Id)
                : inVersion.OrderBy(p => p.TimestampMs).ThenBy(p => p.Id);
            ids.AddRange(await ordered.Skip(checked((int)skip)).Take(request.Take - ids.Count).Select(p => p.Id).ToListAsync(cancellationToken));
            skip = 0;
            if (ids.Count == request.Take)
            {
                break;
            }
        }
        Interlocked.Increment(ref _largeWindowPages);
        return ids;
    }

    // The versions with rows, in the walk's order: each the next one past the last, from the version index.
    private static async Task<List<int>?> VersionsAsync(LeadScoringDbContext db, int? only, bool descending, CancellationToken cancellationToken)
    {
        if (only is { } version)
        {
            return [version];
        }
        var versions = new List<int>();
        int? next = descending
            ? await db.Predictions.MaxAsync(p => (int?)p.ModelVersionId, cancellationToken)
            : await db.Predictions.MinAsync(p => (int?)p.ModelVersionId, cancellationToken);
        while (next is { } current)
        {
            if (versions.Count == MaxVersionsWalked)
            {
                return null;
            }
            versions.Add(current);
            next = descending
                ? await db.Predictions.Where(p => p.ModelVersionId < current).MaxAsync(p => (int?)p.ModelVersionId, cancellationToken)
                : await db.Predictions.Where(p => p.ModelVersionId > current).MinAsync(p => (int?)p.ModelVersionId, cancellationToken);
        }
        return versions;
    }
}
