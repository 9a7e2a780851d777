using LeadScoring.Engine.Features;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;

namespace LeadScoring.Core.Tests.Monitoring;

[Trait("Store", "both")]
public sealed class PredictionPageQueryTests : IDisposable
{
    // Minute i (0-based) holds score s_scores[i]; batch 7 holds minutes 0-4, the API the rest; model 2 from minute 6.
    private static readonly double[] s_scores = [0.30, 0.90, 0.10, 0.70, 0.50, 0.20, 0.80, 0.40, 0.60, 0.05];
    private readonly TestStore _store = new();
    private readonly PredictionPageQuery _query;

    public PredictionPageQueryTests()
    {
        _query = new PredictionPageQuery(_store.Factory);
        using var db = _store.Factory.CreateDbContext();
        for (var i = 0; i < s_scores.Length; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = 60_000L * i, BatchId = i < 5 ? 7 : null, ModelVersionId = i < 6 ? 1 : 2, Score = s_scores[i],
                PredictedEngaged = s_scores[i] >= 0.5, InferenceMs = 100 - i, EndToEndMs = 200 + i,
                Features = FeatureBlob.Pack([.. Enumerable.Range(0, 47).Select(f => f * 1.5 + i)]),
            });
        }
        db.SaveChanges();
    }

    private static PredictionSearch All => new(TimeWindow.All);

    [Fact]
    public async Task Page_DefaultSort_NewestFirstWithTotalOfWholeSearch()
    {
        var page = await _query.PageAsync(new PredictionPageRequest(All, Take: 3));

        Assert.Equal(10, page.TotalCount);
        Assert.Equal([0.05, 0.60, 0.40], page.Rows.Select(r => r.Score));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(540_000), page.Rows[0].Time);
    }

    [Fact]
    public async Task Page_SkipTake_PagesDoNotOverlapAndCoverEveryRow()
    {
        var ids = new List<long>();
        for (var skip = 0; skip < 10; skip += 4)
        {
            var page = await _query.PageAsync(new PredictionPageRequest(All, PredictionSortColumn.Score, Descending: false, Skip: skip, Take: 4));
            ids.AddRange(page.Rows.Select(r => r.Id));
            Assert.Equal(10, page.TotalCount);
        }
        Assert.Equal(10, ids.Distinct().Count());
    }

    [Theory]
    [InlineData(PredictionSortColumn.Score, false, new[] { 0.05, 0.10, 0.20 })]
    [InlineData(PredictionSortColumn.Score, true, new[] { 0.90, 0.80, 0.70 })]
    [InlineData(PredictionSortColumn.InferenceMs, false, new[] { 0.05, 0.60, 0.40 })] // inference 100 - i: smallest is the last minute
    [InlineData(PredictionSortColumn.EndToEndMs, false, new[] { 0.30, 0.90, 0.10 })]
    [InlineData(PredictionSortColumn.Time, false, new[] { 0.30, 0.90, 0.10 })]
    public async Task Page_SortColumn_OrdersByIt(PredictionSortColumn column, bool descending, double[] expectedScores)
    {
        var page = await _query.PageAsync(new PredictionPageRequest(All, column, descending, Take: 3));

        Assert.Equal(expectedScores, page.Rows.Select(r => r.Score));
    }

    [Fact]
    public async Task Page_ScoreRange_IsInclusiveAndCountsOnlyMatches()
    {
        var page = await _query.PageAsync(new PredictionPageRequest(All with { MinScore = 0.5, MaxScore = 0.8 }, PredictionSortColumn.Score, false));

        Assert.Equal([0.5, 0.6, 0.7, 0.8], page.Rows.Select(r => r.Score));
        Assert.Equal(4, page.TotalCount);
    }

    [Fact]
    public async Task Page_BatchModelAndWindow_AreCombined()
    {
        // Batch 7 is minutes 0-4, model 1 minutes 0-5, the window minutes 2-8: minutes 2, 3, 4 remain.
        var search = new PredictionSearch(new TimeWindow(120_000, 540_000), ModelVersionId: 1, BatchId: 7);

        var page = await _query.PageAsync(new PredictionPageRequest(search, PredictionSortColumn.Time, false));

        Assert.Equal(3, page.TotalCount);
        Assert.Equal([0.10, 0.70, 0.50], page.Rows.Select(r => r.Score));
        Assert.All(page.Rows, r => Assert.Equal(7, r.BatchId));
    }

    [Fact]
    public async Task Page_NothingMatches_EmptyWithZeroTotal()
    {
        var page = await _query.PageAsync(new PredictionPageRequest(All with { ModelVersionId = 99 }));

        Assert.Empty(page.Rows);
        Assert.Equal(0, page.TotalCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PredictionPageQuery.MaxPageSize + 1)]
    public async Task Page_TakeOutOfRange_Throws(int take)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _query.PageAsync(new PredictionPageRequest(All, Take: take)));
    }

    [Fact]
    public async Task Detail_KnownId_NamesAll47FeaturesInModelOrder()
    {
        var first = (await _query.PageAsync(new PredictionPageRequest(All, PredictionSortColumn.Time, false, Take: 1))).Rows[0];

        var detail = await _query.DetailAsync(first.Id);

        Assert.NotNull(detail);
        Assert.Equal(FeatureSchema.Names, detail.Features.Select(f => f.Name));
        Assert.Equal(46 * 1.5, detail.Features[46].Value);
        Assert.Equal(0.30, detail.Row.Score);
    }

    [Fact]
    public async Task Detail_UnknownId_IsNull()
    {
        Assert.Null(await _query.DetailAsync(123_456));
    }

    [Fact]
    public async Task Stream_CapsRowsAndKeepsOrder()
    {
        var rows = new List<PredictionRow>();
        await foreach (var row in _query.StreamAsync(All, maxRows: 4))
        {
            rows.Add(row);
        }

        Assert.Equal([0.30, 0.90, 0.10, 0.70], rows.Select(r => r.Score));
    }

    public void Dispose() => _store.Dispose();
}
