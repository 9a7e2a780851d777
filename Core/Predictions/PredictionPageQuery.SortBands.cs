using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Statistics;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Predictions;

/// <summary>
/// Sorting a large window by score or by a latency without sorting the window. The store keeps an index per column on
/// its band, then time: ⌊√score · 100⌋ (bands of equal width in √score split the crowded low scores finely) and
/// ⌊ln(max(ms, 10⁻⁶)) · 10⌋ for the two latencies (ten bands per factor e). New rows land at one of ~100 places in such
/// an index, not anywhere, which is what made a plain score index more than double raw insert time. The window's
/// histogram of the column (rollups, exact) says which bands hold the page; only their rows are read.
/// </summary>
public sealed partial class PredictionPageQuery
{
    /// <summary>Bands in the score-band index (migration ScoreBandIndex: ⌊√score · 100⌋, and <see cref="InBands"/>'s condition).</summary>
    public const int ScoreBands = 100;

    /// <summary>Latency bands per factor e (migration LatencyBandIndexes: ⌊ln(max(ms, 10⁻⁶)) · 10⌋).</summary>
    public const int LatencyBandsPerE = 10;

    /// <summary>Latencies below this share the lowest band (the logarithm needs a positive number).</summary>
    public const double MinBandedLatencyMs = 1e-6;

    /// <summary>
    /// Windows holding at most this many rows are sorted whole; above it, sorting by score or latency reads the bands
    /// and sorting by model version walks the versions (cheaper only for large windows).
    /// </summary>
    public long LargeWindowRows { get; init; } = 100_000;

    // Relative margin well above the rounding of √, ln and the products, so that every value this far inside a band is
    // counted in it by the store.
    private const double EdgeMargin = 1e-9;

    private static readonly int s_lowestLatencyBand = (int)Math.Floor(Math.Log(MinBandedLatencyMs) * LatencyBandsPerE);

    /// <summary>The page's ids read from the bands that hold them; null when this plan does not apply or came up short.</summary>
    // total: the search's count; for a window (and version) alone it is the window's, so a small one needs no histogram read.
    private async Task<List<long>?> BandIdsAsync(LeadScoringDbContext db, PredictionPageRequest request, long total, CancellationToken cancellationToken)
    {
        var search = request.Search;
        var column = request.SortBy;
        var score = column == PredictionSortColumn.Score;
        var scoreFiltered = search.MinScore is not null || search.MaxScore is not null;
        if (column is not (PredictionSortColumn.Score or PredictionSortColumn.InferenceMs or PredictionSortColumn.EndToEndMs)
            || search.BatchId is not null || rollups is null || (!score && scoreFiltered) || (!scoreFiltered && total <= LargeWindowRows))
        {
            return null;
        }
        var read = await rollups.ReadAsync(search.Window, search.ModelVersionId, long.MaxValue, cancellationToken);
        if (read.Values.FirstOrDefault() is not { } window || window.Count <= LargeWindowRows)
        {
            return null;
        }
        var bins = column switch
        {
            PredictionSortColumn.Score => window.ScoreValueBins(),
            PredictionSortColumn.InferenceMs => window.InferenceValueBins(),
            _ => window.EndToEndValueBins(),
        };
        var (minBand, maxBand) = score ? (0, ScoreBands) : (s_lowestLatencyBand, 40 * LatencyBandsPerE);
        var descending = request.Descending ^ Reversed(request);
        var need = (long)request.Take + (request.Key is null && !request.LastPage ? request.Skip : 0);
        var key = request.Key?.SortValue;
        // The values the page may hold: below the key (descending) or above it, and inside the score filter.
        var floor = Math.Max(score ? search.MinScore ?? 0 : 0, descending ? 0 : key ?? 0);
        var ceiling = Math.Min(score ? search.MaxScore ?? 1 : double.PositiveInfinity, descending ? key ?? double.PositiveInfinity : double.PositiveInfinity);
        // The other end of the bands read: none beyond the key or the filter holds a row of the page.
        var far = descending
            ? double.IsPositiveInfinity(ceiling) ? maxBand : Math.Min(maxBand, BandOf(ceiling, score, +1e-6))
            : Math.Max(minBand, BandOf(floor, score, -1e-6));
        // A band is a monotonic function of the value, so the bands from an edge on hold a prefix of the sort order:
        // when they hold the whole page, it is the page. First the edge the histogram makes likely (fewest rows read),
        // then the one it makes certain.
        int?[] edges = [Edge(bins, need, descending, minBand, maxBand, score, floor, ceiling, likely: true),
            Edge(bins, need, descending, minBand, maxBand, score, floor, ceiling, likely: false)];
        foreach (var edge in edges.OfType<int>().Distinct())
        {
            var (low, high) = descending ? (edge, far) : (far, edge);
            var ids = await Paged(InBands(db, search, column, low, high), request).Select(p => p.Id).ToListAsync(cancellationToken);
            if (ids.Count == request.Take)
            {
                Interlocked.Increment(ref _largeWindowPages);
                return ids;
            }
        }
        return null; // a page deep enough to need every band, or rows deleted since the histogram was read: the plain sort
    }

    private int _largeWindowPages;

    /// <summary>Pages answered from the bands or the version walk so far (tests check the plan was taken).</summary>
    internal int LargeWindowPages => Volatile.Read(ref _largeWindowPages);

    /// <summary>The search's rows in bands <paramref name="low"/> to <paramref name="high"/> of the column, walked by its band index.</summary>
    internal static IQueryable<PredictionRecord> InBands(LeadScoringDbContext db, PredictionSearch search, PredictionSortColumn column, int low, int high)
    {
        // SQLite keeps no statistics, so "+ 0" stops it from choosing the time or model index for this query (the band
        // index, which holds the time too, is the one to walk). PostgreSQL estimates well, checks the time range inside
        // the band index and reads the rest from it too (its band indexes include the value, id and version).
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
        // Written exactly as the indexes are (the store matches an expression index by its expression).
        return column switch
        {
            PredictionSortColumn.Score => query.Where(p =>
                Math.Floor(Math.Sqrt(p.Score) * ScoreBands) >= low && Math.Floor(Math.Sqrt(p.Score) * ScoreBands) <= high),
            PredictionSortColumn.InferenceMs => query.Where(p =>
                Math.Floor(Math.Log(Math.Max(p.InferenceMs, MinBandedLatencyMs)) * LatencyBandsPerE) >= low
                && Math.Floor(Math.Log(Math.Max(p.InferenceMs, MinBandedLatencyMs)) * LatencyBandsPerE) <= high),
            PredictionSortColumn.EndToEndMs => query.Where(p =>
                Math.Floor(Math.Log(Math.Max(p.EndToEndMs, MinBandedLatencyMs)) * LatencyBandsPerE) >= low
                && Math.Floor(Math.Log(Math.Max(p.EndToEndMs, MinBandedLatencyMs)) * LatencyBandsPerE) <= high),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Only score and latencies have bands."),
        };
    }

    // The band of a value, nudged by `nudge` bands so that rounding cannot put a row of it outside the result.
    private static int BandOf(double value, bool score, double nudge) => score
        ? (int)Math.Floor(Math.Sqrt(Math.Max(0, value)) * ScoreBands + nudge)
        : (int)Math.Floor(Math.Log(Math.Max(value, MinBandedLatencyMs)) * LatencyBandsPerE + nudge);

    private static double BandStart(int band, bool score) => score
        ? (double)band / ScoreBands * ((double)band / ScoreBands)
        : band <= s_lowestLatencyBand ? 0 : Math.Exp((double)band / LatencyBandsPerE);

    /// <summary>
    /// Descending: the highest band b such that the bands from b up hold the page; ascending, the lowest b such that the
    /// bands up to b do. Likely: about twice the page, each bin's rows spread evenly inside it. Certain: whole bins only,
    /// a margin inside the band's edge. Null when no band short of all of them does.
    /// </summary>
    private static int? Edge(IReadOnlyList<ValueBin> bins, long need, bool descending, int minBand, int maxBand, bool score,
        double floor, double ceiling, bool likely)
    {
        for (var step = 0; step < maxBand - minBand; step++)
        {
            var band = descending ? maxBand - step : minBand + step;
            var (from, to) = descending
                ? (Math.Max(floor, BandStart(band, score) * (likely ? 1 : 1 + EdgeMargin)), ceiling)
                : (floor, Math.Min(ceiling, BandStart(band + 1, score) * (likely ? 1 : 1 - EdgeMargin)));
            double rows = 0;
            foreach (var bin in bins)
            {
                if (likely)
                {
                    var width = bin.Max - bin.Min;
                    var overlap = Math.Min(to, bin.Max) - Math.Max(from, bin.Min);
                    rows += overlap > 0 && width > 0 ? bin.Count * Math.Min(1, overlap / width) : 0;
                }
                else if (bin.Max <= to && (descending ? bin.Min >= from : floor == 0 ? bin.Min >= 0 : bin.Min > floor))
                {
                    rows += bin.Count;
                }
            }
            if (rows >= (likely ? 2 * need : need))
            {
                return band;
            }
        }
        return null;
    }
}
