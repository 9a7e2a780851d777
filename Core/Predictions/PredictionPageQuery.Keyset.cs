using System.Linq.Expressions;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Predictions;

/// <summary>Keyset paging and bounded counting, so that no page of a 10-million-row store scans the rows before it.</summary>
public sealed partial class PredictionPageQuery
{
    /// <summary>
    /// Most rows counted for a search that the rollups cannot count (score range, batch): above it the total shows as
    /// "at least" (<see cref="PredictionPage.TotalIsLowerBound"/>).
    /// </summary>
    public long CountLimit { get; init; } = 100_000;

    private async Task<(long Total, bool AtLeast)> CountAsync(IQueryable<PredictionRecord> filtered, PredictionSearch search,
        CancellationToken cancellationToken)
    {
        if (rollups is not null && search is { BatchId: null, MinScore: null, MaxScore: null })
        {
            return (await rollups.CountAsync(search.Window, search.ModelVersionId, cancellationToken), false);
        }
        var counted = await filtered.Take(checked((int)CountLimit + 1)).LongCountAsync(cancellationToken);
        return counted > CountLimit ? (CountLimit, true) : (counted, false);
    }

    // Read in the opposite order (previous or last page), then turned back.
    private static bool Reversed(PredictionPageRequest request) =>
        request.LastPage || (request.Key is { Before: true } && request.SortBy != PredictionSortColumn.BatchId);

    private static IQueryable<PredictionRecord> Paged(IQueryable<PredictionRecord> filtered, PredictionPageRequest request)
    {
        var descending = request.Descending ^ Reversed(request);
        if (request.Key is { } key && request.SortBy != PredictionSortColumn.BatchId)
        {
            filtered = request.SortBy switch
            {
                PredictionSortColumn.Score => Beyond(filtered, p => p.Score, key.SortValue, key.Id, descending),
                PredictionSortColumn.InferenceMs => Beyond(filtered, p => p.InferenceMs, key.SortValue, key.Id, descending),
                PredictionSortColumn.EndToEndMs => Beyond(filtered, p => p.EndToEndMs, key.SortValue, key.Id, descending),
                PredictionSortColumn.ModelVersionId => BeyondInVersions(filtered, key, descending),
                _ => Beyond(filtered, p => p.TimestampMs, (long)key.SortValue, key.Id, descending),
            };
            return Sorted(filtered, request.SortBy, descending).Take(request.Take);
        }
        var sorted = Sorted(filtered, request.SortBy, descending);
        return request.LastPage ? sorted.Take(request.Take) : sorted.Skip(request.Skip).Take(request.Take);
    }

    /// <summary>
    /// Rows after (value, id) in the order: value beyond, or equal with the id beyond. The redundant bound on the value
    /// alone lets the store seek in an index on the sort column instead of testing every row.
    /// </summary>
    private static IQueryable<PredictionRecord> Beyond<T>(IQueryable<PredictionRecord> query, Expression<Func<PredictionRecord, T>> column,
        T value, long id, bool descending)
    {
        var row = column.Parameters[0];
        // A member of a closure, so that EF sends parameters rather than literals (one cached plan).
        Expression bound = Expression.Property(Expression.Constant(new Bound<T>(value, id)), nameof(Bound<T>.Value));
        Expression boundId = Expression.Property(Expression.Constant(new Bound<T>(value, id)), nameof(Bound<T>.Id));
        var rowId = Expression.Property(row, nameof(PredictionRecord.Id));
        var sortValue = column.Body;
        var condition = descending
            ? Expression.AndAlso(Expression.LessThanOrEqual(sortValue, bound),
                Expression.OrElse(Expression.LessThan(sortValue, bound), Expression.LessThan(rowId, boundId)))
            : Expression.AndAlso(Expression.GreaterThanOrEqual(sortValue, bound),
                Expression.OrElse(Expression.GreaterThan(sortValue, bound), Expression.GreaterThan(rowId, boundId)));
        return query.Where(Expression.Lambda<Func<PredictionRecord, bool>>(condition, row));
    }

    private sealed record Bound<T>(T Value, long Id);

    // Sorted by model version, then time, then id: rows after (version, time, id) in that order.
    private static IQueryable<PredictionRecord> BeyondInVersions(IQueryable<PredictionRecord> query, PredictionKeyset key, bool descending)
    {
        var (version, time, id) = ((int)key.SortValue, key.TimeMs, key.Id);
        return descending
            ? query.Where(p => p.ModelVersionId <= version && (p.ModelVersionId < version || p.TimestampMs < time || (p.TimestampMs == time && p.Id < id)))
            : query.Where(p => p.ModelVersionId >= version && (p.ModelVersionId > version || p.TimestampMs > time || (p.TimestampMs == time && p.Id > id)));
    }
}
