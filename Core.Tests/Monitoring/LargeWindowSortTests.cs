using LeadScoring.Core.Predictions;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Core.Tests.Storage;
using LeadScoring.Engine.Domain;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Monitoring;

/// <summary>
/// Large windows sorted by score or a latency (their bands) or by model version (the version walk) give exactly the
/// plain sort's pages: random windows, model and score filters, both directions, offsets (past whole versions too), keys
/// forwards and backwards, last pages; scores on band edges (k/100)², on the rollup histogram's edges k/1000, ties, 0
/// and 1; latencies of 0 (below the lowest band's floor) and many ties.
/// </summary>
[Trait("Store", "both")]
public sealed class LargeWindowSortTests : IDisposable
{
    private const long Hour = MinuteRollupScenario.Hour;
    private readonly TestStore _store = new();
    private readonly PredictionPageQuery _banded;
    private readonly PredictionPageQuery _plain;
    private readonly long _now = MinuteRollupScenario.Now.ToUnixTimeMilliseconds();

    public LargeWindowSortTests()
    {
        var rollups = new PredictionRollups(_store.Factory, new FixedTimeProvider(MinuteRollupScenario.Now));
        _banded = new PredictionPageQuery(_store.Factory, rollups) { LargeWindowRows = 20 };
        _plain = new PredictionPageQuery(_store.Factory, rollups) { LargeWindowRows = long.MaxValue };
        var random = new Random(5);
        var rows = MinuteRollupScenario.Rows(46 * Hour, _now, every: 40_000);
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            row.Score = (i % 6) switch
            {
                0 => Math.Pow(random.Next(101) / 100.0, 2), // a band edge (k/100)²
                1 => random.Next(1001) / 1000.0, // a histogram edge
                2 => i % 12 == 2 ? 0 : 1,
                3 => 0.5, // ties
                _ => Math.Pow(random.NextDouble(), 2.2), // skewed low, as lead scores are
            };
            if (i % 50 == 0)
            {
                row.InferenceMs = 0; // below the latency bands' floor
            }
        }
        MinuteRollupScenario.WriteAsync(_store.Factory, rows).GetAwaiter().GetResult();
    }

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData(PredictionSortColumn.Score)]
    [InlineData(PredictionSortColumn.InferenceMs)]
    [InlineData(PredictionSortColumn.EndToEndMs)]
    public async Task Pages_FromTheBands_EqualThePlainSort(PredictionSortColumn column)
    {
        var random = new Random(11);
        for (var i = 0; i < 24; i++)
        {
            var from = 46 * Hour + random.NextInt64(4 * Hour); // rows run from hour 46 to now (hour 50, 37.5 min)
            var window = new TimeWindow(from, i % 4 == 0 ? long.MaxValue : from + random.NextInt64(Hour / 2, 4 * Hour));
            double? min = i % 3 == 0 ? random.Next(0, 50) / 100.0 : null;
            double? max = i % 5 == 0 ? 0.5 + random.Next(0, 50) / 100.0 : i % 7 == 0 ? 0.81 : null;
            var scored = column == PredictionSortColumn.Score; // latency bands are not used under a score filter
            var search = new PredictionSearch(window, i % 2 == 0 ? 1 + random.Next(3) : null, MinScore: scored ? min : null, MaxScore: scored ? max : null);
            var descending = i % 2 == 1;
            var size = 1 + random.Next(30);
            foreach (var skip in new[] { 0, size, 3 * size + 1 })
            {
                await AssertSameAsync(new PredictionPageRequest(search, column, descending, Skip: skip, Take: size));
            }
            await AssertSameAsync(new PredictionPageRequest(search, column, descending, Take: size, LastPage: true));
            var page = await _plain.PageAsync(new PredictionPageRequest(search, column, descending, Take: size));
            for (var step = 0; step < 4 && page.Rows.Count > 0; step++)
            {
                var next = new PredictionPageRequest(search, column, descending, Take: size,
                    Key: PredictionKeyset.Of(page.Rows[^1], column, before: false));
                await AssertSameAsync(next);
                await AssertSameAsync(next with { Key = PredictionKeyset.Of(page.Rows[0], column, before: true) });
                page = await _plain.PageAsync(next);
            }
        }
        Assert.True(_banded.LargeWindowPages >= 30, $"{_banded.LargeWindowPages} pages came from the {column} bands");
    }

    [Fact]
    public async Task VersionPages_FromTheVersionWalk_EqualThePlainSort()
    {
        var random = new Random(23);
        for (var i = 0; i < 16; i++)
        {
            var from = 46 * Hour + random.NextInt64(4 * Hour); // rows run from hour 46 to now (hour 50, 37.5 min)
            var window = new TimeWindow(from, i % 4 == 0 ? long.MaxValue : from + random.NextInt64(Hour / 2, 4 * Hour));
            var search = new PredictionSearch(window, i % 5 == 0 ? 1 + random.Next(3) : null);
            var descending = i % 2 == 1;
            var size = 1 + random.Next(30);
            foreach (var skip in new[] { 0, size, 7 * size + 3, 400 })
            {
                await AssertSameAsync(new PredictionPageRequest(search, PredictionSortColumn.ModelVersionId, descending, Skip: skip, Take: size));
            }
            await AssertSameAsync(new PredictionPageRequest(search, PredictionSortColumn.ModelVersionId, descending, Take: size, LastPage: true));
            var page = await _plain.PageAsync(new PredictionPageRequest(search, PredictionSortColumn.ModelVersionId, descending, Skip: 5 * size, Take: size));
            for (var step = 0; step < 4 && page.Rows.Count > 0; step++)
            {
                var next = new PredictionPageRequest(search, PredictionSortColumn.ModelVersionId, descending, Take: size,
                    Key: PredictionKeyset.Of(page.Rows[^1], PredictionSortColumn.ModelVersionId, before: false));
                await AssertSameAsync(next);
                await AssertSameAsync(next with { Key = PredictionKeyset.Of(page.Rows[0], PredictionSortColumn.ModelVersionId, before: true) });
                page = await _plain.PageAsync(next);
            }
        }
        Assert.True(_banded.LargeWindowPages >= 60, $"{_banded.LargeWindowPages} pages came from the version walk");
    }

    [Theory]
    [Trait("Provider", "sqlite-only")] // SQLite's plan text; PostgreSQL chooses by its statistics
    [InlineData(PredictionSortColumn.Score, "IX_predictions_score_band")]
    [InlineData(PredictionSortColumn.InferenceMs, "IX_predictions_inference_band")]
    [InlineData(PredictionSortColumn.EndToEndMs, "IX_predictions_end_to_end_band")]
    public async Task BandQuery_WalksTheColumnsBandIndex(PredictionSortColumn column, string index)
    {
        if (Infrastructure.TestDatabase.UsePostgres)
        {
            return;
        }
        await using var db = _store.Factory.CreateDbContext();
        var search = new PredictionSearch(new TimeWindow(0, _now), 2);
        await using var command = PredictionPageQuery.InBands(db, search, column, low: 10, high: 15)
            .OrderByDescending(p => p.Id).Select(p => p.Id).Take(25).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        Assert.Contains(plan, step => step.Contains($"USING INDEX {index}", StringComparison.Ordinal));
    }

    private async Task AssertSameAsync(PredictionPageRequest request)
    {
        var expected = await _plain.PageAsync(request);
        var actual = await _banded.PageAsync(request);
        Assert.True(expected.Rows.Select(r => r.Id).SequenceEqual(actual.Rows.Select(r => r.Id)),
            $"{request}: expected [{string.Join(", ", expected.Rows.Select(r => $"{r.Id}:{r.Score}"))}], got [{string.Join(", ", actual.Rows.Select(r => $"{r.Id}:{r.Score}"))}]");
        Assert.Equal(expected.TotalCount, actual.TotalCount);
    }
}
