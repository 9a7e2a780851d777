using System.Runtime.CompilerServices;
using LeadScoring.Engine.Features;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Core.Storage.Rollups;

namespace LeadScoring.Core.Predictions;

/// <summary>
/// Server-side paging, sorting and filtering of stored predictions. Rows are projected without the feature blob
/// (47 doubles each), which only the detail lookup of one id reads. Pages are found by key (the sort value and id of
/// the row next to them, <see cref="PredictionKeyset"/>) rather than by offset where the caller has one, and the total
/// comes from the rollups when the search is a time window (and model version) alone.
/// </summary>
public sealed partial class PredictionPageQuery(ILeadScoringDbFactory dbFactory, PredictionRollups? rollups = null)
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>The requested page and the total number of matching rows.</summary>
    public async Task<PredictionPage> PageAsync(PredictionPageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Take, MaxPageSize);
        await using var db = dbFactory.CreateDbContext();
        var filtered = Filtered(db, request.Search);
        var (total, atLeast) = await CountAsync(filtered, request.Search, cancellationToken);
        // The page's ids first, read from an index alone (the window index holds every sort and filter column), then
        // only those rows: selecting the grid's columns in the sorted query made the store read the table row of every
        // match before sorting (12 M rows: 5 s sorted by score).
        var ids = await BandIdsAsync(db, request, total, cancellationToken)
            ?? await VersionWalkIdsAsync(db, request, total, cancellationToken)
            ?? await Paged(filtered, request).Select(p => p.Id).ToListAsync(cancellationToken);
        var found = await Project(db.Predictions.AsNoTracking().Where(p => ids.Contains(p.Id))).ToDictionaryAsync(r => r.Id, cancellationToken);
        var rows = ids.Where(found.ContainsKey).Select(id => found[id]).ToList(); // a row purged in between is left out
        if (Reversed(request))
        {
            rows.Reverse();
        }
        return new PredictionPage([.. rows.Select(ToRow)], total) { TotalIsLowerBound = atLeast };
    }

    /// <summary>Matching rows in the given order, at most <paramref name="maxRows"/>, streamed (for exports).</summary>
    public async IAsyncEnumerable<PredictionRow> StreamAsync(PredictionSearch search, int maxRows,
        PredictionSortColumn sortBy = PredictionSortColumn.Time, bool descending = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        await using var db = dbFactory.CreateDbContext();
        var query = Project(Sorted(Filtered(db, search), sortBy, descending).Take(maxRows));
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return ToRow(row);
        }
    }

    /// <summary>One prediction with its 47 features named as the model knows them; null when the id is unknown.</summary>
    public async Task<PredictionDetail?> DetailAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var record = await db.Predictions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (record is null)
        {
            return null;
        }
        var values = FeatureBlob.Unpack(record.Features);
        var names = FeatureSchema.Names;
        // A vector of another length (an imported model with other inputs) still shows, by position.
        var features = values.Select((v, i) => new FeatureValue(values.Length == names.Count ? names[i] : $"feature_{i}", v)).ToList();
        var row = new PredictionRow(record.Id, DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampMs), record.BatchId,
            record.ModelVersionId, record.Score, record.PredictedEngaged, record.ActualEngaged, record.InferenceMs,
            record.EndToEndMs, record.Source);
        return new PredictionDetail(row, features);
    }

    private static IQueryable<PredictionRecord> Filtered(LeadScoringDbContext db, PredictionSearch search)
    {
        var query = db.Predictions.AsNoTracking()
            .Where(p => p.TimestampMs >= search.Window.FromMs && p.TimestampMs < search.Window.ToMs);
        if (search.ModelVersionId is { } version)
        {
            query = query.Where(p => p.ModelVersionId == version);
        }
        if (search.BatchId is { } batch)
        {
            query = query.Where(p => p.BatchId == batch);
        }
        return WithScoreRange(query, search);
    }

    private static IQueryable<PredictionRecord> WithScoreRange(IQueryable<PredictionRecord> query, PredictionSearch search)
    {
        if (search.MinScore is { } min)
        {
            query = query.Where(p => p.Score >= min);
        }
        if (search.MaxScore is { } max)
        {
            query = query.Where(p => p.Score <= max);
        }
        return query;
    }

    private static IQueryable<PredictionRecord> Sorted(IQueryable<PredictionRecord> query, PredictionSortColumn sortBy, bool descending) =>
        (sortBy, descending) switch
        {
            (PredictionSortColumn.Score, false) => query.OrderBy(p => p.Score).ThenBy(p => p.Id),
            (PredictionSortColumn.Score, true) => query.OrderByDescending(p => p.Score).ThenByDescending(p => p.Id),
            (PredictionSortColumn.InferenceMs, false) => query.OrderBy(p => p.InferenceMs).ThenBy(p => p.Id),
            (PredictionSortColumn.InferenceMs, true) => query.OrderByDescending(p => p.InferenceMs).ThenByDescending(p => p.Id),
            (PredictionSortColumn.EndToEndMs, false) => query.OrderBy(p => p.EndToEndMs).ThenBy(p => p.Id),
            (PredictionSortColumn.EndToEndMs, true) => query.OrderByDescending(p => p.EndToEndMs).ThenByDescending(p => p.Id),
            (PredictionSortColumn.BatchId, false) => query.OrderBy(p => p.BatchId).ThenBy(p => p.Id),
            (PredictionSortColumn.BatchId, true) => query.OrderByDescending(p => p.BatchId).ThenByDescending(p => p.Id),
            (PredictionSortColumn.ModelVersionId, false) => query.OrderBy(p => p.ModelVersionId).ThenBy(p => p.TimestampMs).ThenBy(p => p.Id),
            (PredictionSortColumn.ModelVersionId, true) => query.OrderByDescending(p => p.ModelVersionId).ThenByDescending(p => p.TimestampMs).ThenByDescending(p => p.Id),
            (_, false) => query.OrderBy(p => p.TimestampMs).ThenBy(p => p.Id),
            (_, true) => query.OrderByDescending(p => p.TimestampMs).ThenByDescending(p => p.Id),
        };

    // An anonymous projection keeps the blob column out of the SELECT.
    private static IQueryable<Narrow> Project(IQueryable<PredictionRecord> query) =>
        query.Select(p => new Narrow(p.Id, p.TimestampMs, p.BatchId, p.ModelVersionId, p.Score, p.PredictedEngaged,
            p.ActualEngaged, p.InferenceMs, p.EndToEndMs, p.Source));

    private static PredictionRow ToRow(Narrow n) =>
        new(n.Id, DateTimeOffset.FromUnixTimeMilliseconds(n.TimestampMs), n.BatchId, n.ModelVersionId, n.Score,
            n.PredictedEngaged, n.ActualEngaged, n.InferenceMs, n.EndToEndMs, n.Source);

    private sealed record Narrow(long Id, long TimestampMs, long? BatchId, int ModelVersionId, double Score,
        bool PredictedEngaged, int? ActualEngaged, double InferenceMs, double EndToEndMs, PredictionSource Source);
}
