using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Predictions;

/// <summary>
/// Sorting a large window by score without sorting the window. The store keeps an index on the score band
/// (⌊√score · 100⌋, then time: bands of equal width in √score split the crowded low scores finely, and new rows land at
/// one of 100 places in it, not anywhere, which is what made a plain score index more than double raw insert time). The
/// window's score histogram (rollups, exact) says which bands hold the page; only their rows are read.
/// </summary>
public sealed partial class PredictionPageQuery
{
    /// <summary>Bands in the score-band index (the index of migration ScoreBandIndex, ⌊√score · 100⌋, and <see cref="InScoreBands"/>'s condition).</summary>
    public const int ScoreBands = 100;

    /// <summary>
    /// Windows holding at most this many rows are sorted whole; above it, sorting by score reads the score bands and
    /// sorting by model version walks the versions (cheaper only for large windows).
    /// </summary>
    public long LargeWindowRows { get; init; } = 100_000;

    // A margin well above the rounding of √ and ·100, so that every score this far inside a band is counted in it by the store.
    private const double EdgeMargin = 1e-9;

    /// <summary>The page's ids read from the score bands that hold them; null when this plan does not apply or came up short.</summary>
    private async Task<List<long>?> ScoreBandIdsAsync(LeadScoringDbContext db, PredictionPageRequest request, CancellationToken cancellationToken)
    {
        var search = request.Search;
        if (request.SortBy != PredictionSortColumn.Score || search.BatchId is not null || rollups is null)
        {
            return null;
        }
        var read = await rollups.ReadAsync(search.Window, search.ModelVersionId, long.MaxValue, cancellationToken);
        if (read.Values.FirstOrDefault() is not { } window || window.Count <= LargeWindowRows)
        {
            return null;
        }
        var bins = window.ScoreHistogram(PredictionAggregate.ScoreBinCount);
        var descending = request.Descending ^ Reversed(request);
        var need = (long)request.Take + (request.Key is null && !request.LastPage ? request.Skip : 0);
        var key = request.Key?.SortValue;
        // The other end: no band beyond the key or the score filter holds a row of the page (a band's margin for rounding).
        var limit = descending ? Math.Min(search.MaxScore ?? 1, key ?? 1) : Math.Max(search.MinScore ?? 0, key ?? 0);
        var far = descending ? (int)Math.Floor(Math.Sqrt(limit) * ScoreBands + 1e-6) : (int)Math.Floor(Math.Sqrt(limit) * ScoreBands - 1e-6);
        // A band is a monotonic function of the score, so the bands from an edge on hold a prefix of the sort order:
        // when they hold the whole page, it is the page. First the edge the histogram makes likely (fewest rows read),
        // then the one it makes certain.
        int?[] edges = descending
            ? [LikelyEdge(bins, search, key, need, descending), LowestBandAbove(bins, search, key, need)]
            : [LikelyEdge(bins, search, key, need, descending), HighestBandBelow(bins, search, key, need)];
        foreach (var edge in edges.OfType<int>().Distinct())
        {
            var (low, high) = descending ? (edge, far) : (far, edge);
            var ids = await Paged(InScoreBands(db, search, low, high), request).Select(p => p.Id).ToListAsync(cancellationToken);
            if (ids.Count == request.Take)
            {
                Interlocked.Increment(ref _largeWindowPages);
                return ids;
            }
        }
        return null; // a page deep enough to need every band, or rows deleted since the histogram was read: the plain sort
    }

    private int _largeWindowPages;

    /// <summary>Pages answered from the score bands or the version walk so far (tests check the plan was taken).</summary>
    internal int LargeWindowPages => Volatile.Read(ref _largeWindowPages);

    /// <summary>The search's rows in the bands <paramref name="low"/> to <paramref name="high"/>, walked by the band index.</summary>
    internal static IQueryable<PredictionRecord> InScoreBands(LeadScoringDbContext db, PredictionSearch search, int low, int high)
    {
        // SQLite keeps no statistics, so "+ 0" stops it from choosing the time or model index for this query (the band
        // index, which holds the time too, is the one to walk). PostgreSQL estimates well and can check the time range
        // inside the band index (its Id and score are not in it, so every band row it passes costs a table read).
        var from = search.Window.FromMs;
        var to = search.Window.ToMs;
        var sqlite = db.Database.IsSqlite();
        var query = sqlite
            ? db.Predictions.AsNoTracking().Where(p => p.TimestampMs + 0 >= from && p.TimestampMs + 0 < to)
            : db.Predictions.AsNoTracking().Where(p => p.TimestampMs >= from && p.TimestampMs < to);
        if (search.ModelVersionId is { } version)
        {
            query = sqlite ? query.Where(p => p.ModelVersionId + 0 == version) : query.Where(p => p.ModelVersionId == version);
        }
        query = WithScoreRange(query, search);
        return query.Where(p => Math.Floor(Math.Sqrt(p.Score) * ScoreBands) >= low && Math.Floor(Math.Sqrt(p.Score) * ScoreBands) <= high);
    }

    // Descending: the highest band b such that at least `need` rows certainly lie in bands ≥ b and below the upper bound
    // (the key's score, exclusive, or the maximum). Histogram bin i holds scores in [i/1000, (i+1)/1000).
    private static int? LowestBandAbove(long[] bins, PredictionSearch search, double? key, long need)
    {
        var upper = Math.Min(key ?? double.PositiveInfinity, search.MaxScore ?? double.PositiveInfinity);
        var floor = search.MinScore ?? 0;
        for (var band = ScoreBands - 1; band > 0; band--)
        {
            var lowest = Math.Max(floor, Square(band) + EdgeMargin); // scores from here are in band ≥ b for the store
            long certain = 0;
            for (var i = 0; i < bins.Length; i++)
            {
                if ((double)i / bins.Length >= lowest && (double)(i + 1) / bins.Length <= upper)
                {
                    certain += bins[i];
                }
            }
            if (certain >= need)
            {
                return band;
            }
        }
        return null;
    }

    // Ascending, mirrored: the lowest band b such that at least `need` rows certainly lie in bands ≤ b above the lower bound.
    private static int? HighestBandBelow(long[] bins, PredictionSearch search, double? key, long need)
    {
        var ceiling = search.MaxScore ?? 1;
        for (var band = 0; band < ScoreBands - 1; band++)
        {
            var highest = Math.Min(ceiling, Square(band + 1) - EdgeMargin); // scores below here are in band ≤ b for the store
            long certain = 0;
            for (var i = 0; i < bins.Length; i++)
            {
                var low = (double)i / bins.Length;
                var above = key is { } k ? low > k : low >= (search.MinScore ?? 0);
                if (above && (double)(i + 1) / bins.Length <= highest)
                {
                    certain += bins[i];
                }
            }
            if (certain >= need)
            {
                return band;
            }
        }
        return null;
    }

    // The edge whose bands hold about twice the page, the histogram's rows spread evenly inside each of its bins.
    private static int? LikelyEdge(long[] bins, PredictionSearch search, double? key, long need, bool descending)
    {
        var floor = Math.Max(search.MinScore ?? 0, descending ? 0 : key ?? 0);
        var ceiling = Math.Min(search.MaxScore ?? 1, descending ? key ?? 1 : 1);
        for (var step = 0; step < ScoreBands - 1; step++)
        {
            var band = descending ? ScoreBands - 1 - step : step;
            var (from, to) = descending ? (Math.Max(floor, Square(band)), ceiling) : (floor, Math.Min(ceiling, Square(band + 1)));
            double estimate = 0;
            for (var i = 0; i < bins.Length && from < to; i++)
            {
                var overlap = Math.Min(to, (i + 1.0) / bins.Length) - Math.Max(from, (double)i / bins.Length);
                estimate += overlap > 0 ? bins[i] * overlap * bins.Length : 0;
            }
            if (estimate >= 2 * need)
            {
                return band;
            }
        }
        return null;
    }

    private static double Square(int band) => (double)band / ScoreBands * ((double)band / ScoreBands);
}
