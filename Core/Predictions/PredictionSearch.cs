using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Core.Predictions;

/// <summary>Which stored predictions a table or an export looks at. Every condition is optional except the window.</summary>
/// <param name="Window">Time range; combined (AND) with the other conditions.</param>
/// <param name="ModelVersionId">Only this model version (registry row id).</param>
/// <param name="BatchId">Only this uploaded batch.</param>
/// <param name="MinScore">Score at or above.</param>
/// <param name="MaxScore">Score at or below.</param>
public sealed record PredictionSearch(TimeWindow Window, int? ModelVersionId = null, long? BatchId = null, double? MinScore = null, double? MaxScore = null);

/// <summary>
/// Columns a prediction table can be sorted by (ties broken by id, so pages never overlap; by model version, a version's
/// rows go by time, then id).
/// </summary>
public enum PredictionSortColumn
{
    Time,
    Score,
    InferenceMs,
    EndToEndMs,
    BatchId,
    ModelVersionId,
}

/// <summary>One page of a search.</summary>
/// <param name="Search">The filter.</param>
/// <param name="SortBy">Sort column.</param>
/// <param name="Descending">Sort direction.</param>
/// <param name="Skip">Rows before the page (offset paging: costs a scan of every row skipped; see <paramref name="Key"/>).</param>
/// <param name="Take">Page size (1–1,000).</param>
/// <param name="Key">The page right after (or before) a known row, found by key instead of offset; Skip is then ignored.</param>
/// <param name="LastPage">The last <paramref name="Take"/> rows in this order (found from the end; Skip is ignored).</param>
public sealed record PredictionPageRequest(PredictionSearch Search, PredictionSortColumn SortBy = PredictionSortColumn.Time,
    bool Descending = true, int Skip = 0, int Take = 50, PredictionKeyset? Key = null, bool LastPage = false);

/// <summary>
/// A row that a page starts after (<paramref name="Before"/> false: the next page) or ends before (true: the previous
/// page), by its sort value and id. Sort values are numbers (a time as Unix milliseconds); sorting by batch, whose
/// value may be missing, pages by offset.
/// </summary>
public sealed record PredictionKeyset(double SortValue, long Id, bool Before = false)
{
    /// <summary>The row's time (Unix ms): sorted by model version, rows of a version go by time, then id.</summary>
    public long TimeMs { get; init; }

    /// <summary>The key of <paramref name="row"/> under <paramref name="sortBy"/>.</summary>
    public static PredictionKeyset Of(PredictionRow row, PredictionSortColumn sortBy, bool before) => new(sortBy switch
    {
        PredictionSortColumn.Score => row.Score,
        PredictionSortColumn.InferenceMs => row.InferenceMs,
        PredictionSortColumn.EndToEndMs => row.EndToEndMs,
        PredictionSortColumn.ModelVersionId => row.ModelVersionId,
        PredictionSortColumn.BatchId => row.BatchId ?? double.NaN,
        _ => row.Time.ToUnixTimeMilliseconds(),
    }, row.Id, before)
    {
        TimeMs = row.Time.ToUnixTimeMilliseconds(),
    };
}

/// <summary>A prediction without its feature vector: what a table row or an export line shows.</summary>
public sealed record PredictionRow(long Id, DateTimeOffset Time, long? BatchId, int ModelVersionId, double Score,
    bool PredictedEngaged, int? ActualEngaged, double InferenceMs, double EndToEndMs, PredictionSource Source);

/// <summary>One page of rows and how many rows match the whole search.</summary>
public sealed record PredictionPage(IReadOnlyList<PredictionRow> Rows, long TotalCount)
{
    /// <summary>True when counting stopped at <see cref="PredictionPageQuery.CountLimit"/>: at least TotalCount rows match.</summary>
    public bool TotalIsLowerBound { get; init; }
}

/// <summary>A named model input value.</summary>
public sealed record FeatureValue(string Name, double Value);

/// <summary>A prediction with its input features by name, in model order.</summary>
public sealed record PredictionDetail(PredictionRow Row, IReadOnlyList<FeatureValue> Features);
