using LeadScoring.Core.Predictions;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Core.Tests.Storage;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Core.Tests.Monitoring;

/// <summary>
/// Pages found by key walk the same rows as offset paging, forwards and backwards, for every keyed sort, both
/// directions and with filters (ties in sort values and times included); totals come from the rollups or stop at the limit.
/// </summary>
public sealed class PredictionKeysetPagingTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly FixedTimeProvider _time = new(MinuteRollupScenario.Now);
    private readonly PredictionPageQuery _query;

    public PredictionKeysetPagingTests()
    {
        _query = new PredictionPageQuery(_store.Factory, new PredictionRollups(_store.Factory, _time)) { CountLimit = 50 };
        // 3 rows a timestamp, scores on 40 values: many ties.
        var rows = MinuteRollupScenario.Rows(48 * MinuteRollupScenario.Hour, MinuteRollupScenario.Now.ToUnixTimeMilliseconds(), every: 20_000);
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            row.TimestampMs -= i % 3 * 1;
            row.TimestampMs -= row.TimestampMs % 3;
            row.Score = i * 37 % 40 / 40.0;
        }
        MinuteRollupScenario.WriteAsync(_store.Factory, rows).GetAwaiter().GetResult();
    }

    public static TheoryData<PredictionSortColumn, bool, bool> Sorts()
    {
        var data = new TheoryData<PredictionSortColumn, bool, bool>();
        foreach (var column in new[] { PredictionSortColumn.Time, PredictionSortColumn.Score, PredictionSortColumn.InferenceMs,
            PredictionSortColumn.EndToEndMs, PredictionSortColumn.ModelVersionId })
        {
            foreach (var descending in new[] { true, false })
            {
                data.Add(column, descending, false);
                data.Add(column, descending, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task KeyedPages_ForwardAndBackward_EqualOffsetPaging(PredictionSortColumn column, bool descending, bool filtered)
    {
        var now = MinuteRollupScenario.Now.ToUnixTimeMilliseconds();
        var search = filtered
            ? new PredictionSearch(new TimeWindow(49 * MinuteRollupScenario.Hour + 12_345, now), ModelVersionId: 2, MinScore: 0.2, MaxScore: 0.8)
            : new PredictionSearch(new TimeWindow(48 * MinuteRollupScenario.Hour + 7, now));
        const int size = 17;
        var all = (await _query.PageAsync(new PredictionPageRequest(search, column, descending, Take: 1_000))).Rows.Select(r => r.Id).ToList();
        Assert.True(all.Count > 3 * size);

        var forward = new List<long>();
        var page = await _query.PageAsync(new PredictionPageRequest(search, column, descending, Take: size));
        while (page.Rows.Count > 0)
        {
            forward.AddRange(page.Rows.Select(r => r.Id));
            page = await _query.PageAsync(new PredictionPageRequest(search, column, descending, Take: size,
                Key: PredictionKeyset.Of(page.Rows[^1], column, before: false)));
        }
        Assert.Equal(all, forward);

        var backward = new List<long>();
        page = await _query.PageAsync(new PredictionPageRequest(search, column, descending, Take: size, LastPage: true));
        Assert.Equal(all.TakeLast(size), page.Rows.Select(r => r.Id));
        while (page.Rows.Count > 0)
        {
            backward.InsertRange(0, page.Rows.Select(r => r.Id));
            page = await _query.PageAsync(new PredictionPageRequest(search, column, descending, Take: size,
                Key: PredictionKeyset.Of(page.Rows[0], column, before: true)));
        }
        Assert.Equal(all, backward);
    }

    [Fact]
    public async Task Total_WindowAlone_FromTheRollups_OtherFilters_StopAtTheLimit()
    {
        var window = new TimeWindow(0, long.MaxValue);
        var whole = await _query.PageAsync(new PredictionPageRequest(new PredictionSearch(window), Take: 5));
        var scored = await _query.PageAsync(new PredictionPageRequest(new PredictionSearch(window, MinScore: 0.5), Take: 5));
        var narrow = await _query.PageAsync(new PredictionPageRequest(new PredictionSearch(window, MinScore: 0.975), Take: 5));

        Assert.Equal((MinuteRollupScenario.Now.ToUnixTimeMilliseconds() - 48 * MinuteRollupScenario.Hour + 19_999) / 20_000, whole.TotalCount);
        Assert.False(whole.TotalIsLowerBound);
        Assert.Equal((50, true), (scored.TotalCount, scored.TotalIsLowerBound));
        Assert.False(narrow.TotalIsLowerBound);
        Assert.True(narrow.TotalCount is > 0 and < 50);
    }

    public void Dispose() => _store.Dispose();
}
