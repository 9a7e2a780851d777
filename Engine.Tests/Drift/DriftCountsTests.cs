using LeadScoring.Engine.Drift;
using static LeadScoring.Engine.Tests.Drift.DriftTestData;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Drift;

// Drift from merged, serialized counts (the window-drift rollups) must equal drift from the rows they count.
public class DriftCountsTests
{
    private static (DriftDataset Data, double[] Scores) Make(int n, ulong seed, bool shifted)
    {
        var s = shifted ? 0.3 : 0.0;
        var wide = Lcg(n, seed).Select(v => Math.Round(v * 1000 + s * 80) / 4).ToArray();
        var cont = Lcg(n, seed + 1).Select(v => Math.Exp(3 * v + s)).ToArray();
        var ties = Round1(Lcg(n, seed + 2).Select(v => v * 5 + s).ToArray());
        var columns = new DriftColumn[]
        {
            new NumericDriftColumn("wide", wide),
            new NumericDriftColumn("cont", shifted ? WithMissing(cont, double.PositiveInfinity) : cont),
            new NumericDriftColumn("ties", ties),
            new NumericDriftColumn("few", Few(n, seed + 3, s)),
            new NumericDriftColumn("int", IntCat(n, seed + 4)),
            new NumericDriftColumn("binary", Binary(n, seed + 5, 0.3 + s / 3)),
            new NumericDriftColumn("ks", Lcg(n, seed + 6).Select(v => Math.Round(v * 300 + s * 30)).ToArray()),
            new NumericDriftColumn("psi", Lcg(n, seed + 7).Select(v => Math.Round(v * 200 + s * 10, 1)).ToArray()),
            new CategoricalDriftColumn("city", City(n, seed + 8, shifted)),
            new CategoricalDriftColumn("cat", Cat(n, seed + 9, s / 3, shifted)),
        };
        var scores = Lcg(n, seed + 10).Select(v => Math.Min(1, v * v + s / 4)).ToArray();
        return (new DriftDataset(columns), scores);
    }

    private static DriftOptions Options(DriftProfile profile)
    {
        var o = new DriftOptions { Profile = profile };
        o.Columns["ks"] = new ColumnDriftOverride { Test = DriftTest.KolmogorovSmirnov };
        o.Columns["psi"] = new ColumnDriftOverride { Test = DriftTest.Psi };
        o.Columns["cont"] = new ColumnDriftOverride { Test = DriftTest.JensenShannon };
        return o;
    }

    private static DriftDataset Slice(DriftDataset data, int from, int to) => new([.. data.Columns.Select(c => c switch
    {
        NumericDriftColumn n => (DriftColumn)new NumericDriftColumn(n.Name, n.Values[from..to]),
        CategoricalDriftColumn k => new CategoricalDriftColumn(k.Name, k.Values[from..to]),
        _ => throw new NotSupportedException(),
    })]);

    // Counts per random chunk, each serialized and read back, merged; one foreign chunk added and taken out again.
    private static DriftCounts CountInChunks(DriftReference reference, DriftDataset data, double[] scores, int seed, int maxOffGrid)
    {
        var random = new Random(seed);
        var total = DriftCounts.Empty(reference);
        var (foreign, foreignScores) = Make(500, 99, shifted: true);
        var extra = DriftCounts.Empty(reference);
        extra.Add(reference, foreign, foreignScores, +1, maxOffGrid);
        total.Merge(DriftCounts.Deserialize(extra.Serialize(), reference));
        for (var from = 0; from < data.RowCount;)
        {
            var to = Math.Min(data.RowCount, from + random.Next(1, 1500));
            var chunk = DriftCounts.Empty(reference);
            chunk.Add(reference, Slice(data, from, to), scores[from..to], +1, maxOffGrid);
            total.Merge(DriftCounts.Deserialize(chunk.Serialize(), reference));
            from = to;
        }
        var removal = DriftCounts.Empty(reference);
        removal.Add(reference, foreign, foreignScores, -1, maxOffGrid);
        total.Merge(removal);
        return total;
    }

    [Theory]
    [InlineData(DriftProfile.Evidently, false, 1)]
    [InlineData(DriftProfile.Evidently, true, 2)]
    [InlineData(DriftProfile.NannyMl, true, 3)]
    [InlineData(DriftProfile.Evidently, true, 4)]
    public void DriftFromMergedCounts_EqualsDriftFromRows(DriftProfile profile, bool shifted, int seed)
    {
        var (refData, refScores) = Make(3000, 11, shifted: false);
        var reference = DriftReference.Build(refData, refScores);
        var (current, scores) = Make(6000 + seed * 977, (ulong)(200 + seed), shifted);
        var options = Options(profile);
        options.BenjaminiHochberg = seed == 4;

        var expected = DriftDetector.Run(reference, current, options, scores);
        var actual = DriftDetector.RunFromCounts(reference, CountInChunks(reference, current, scores, seed, 4096), options, out var reason);

        Assert.Null(reason);
        DriftReportEquivalence.AssertEquivalent(expected, actual!);
        if (profile == DriftProfile.Evidently)
        {
            Assert.Contains(expected.Columns, c => c.Test == DriftTest.Wasserstein);
            Assert.Contains(expected.Columns, c => c.Test == DriftTest.KolmogorovSmirnov);
            Assert.Contains(expected.Columns, c => c.Test == DriftTest.Psi);
        }
    }

    [Fact]
    public void TooManyOffGridFeatureValues_AreRefusedWithTheReason()
    {
        var (refData, refScores) = Make(3000, 11, shifted: false);
        var reference = DriftReference.Build(refData, refScores);
        var (current, scores) = Make(3000, 5, shifted: true);
        var counts = DriftCounts.Empty(reference);
        counts.Add(reference, current, scores, +1, maxOffGridValues: 3);

        Assert.True(counts.FeatureOverflow);
        Assert.Null(DriftDetector.RunFromCounts(reference, counts, new DriftOptions(), out var reason));
        Assert.Contains("off the reference grid", reason);
    }

    [Fact]
    public void OverflowedScores_WithTheNeededGapsSupplied_EqualDriftFromRows()
    {
        var (refData, refScores) = Make(3000, 11, shifted: false);
        var reference = DriftReference.Build(refData, refScores);
        var (current, scores) = Make(5000, 8, shifted: true);
        var counts = CountInChunks(reference, current, scores, 5, 4096);
        // What a merge with an hour whose scores overflowed leaves: counts and sums, no values.
        counts.Scores!.Overflow = true;
        counts.Scores.OffGrid.Clear();

        var needed = counts.ScoreGapsNeedingValues(reference);
        Assert.NotEmpty(needed);
        Assert.Null(DriftDetector.RunFromCounts(reference, counts, new DriftOptions(), out _));
        foreach (var (gap, lower, upper) in needed)
        {
            counts.SupplyScores(gap, [.. scores.Where(x => x > lower && x < upper)]);
        }
        var actual = DriftDetector.RunFromCounts(reference, counts, new DriftOptions(), out var reason);

        Assert.Null(reason);
        DriftReportEquivalence.AssertEquivalent(DriftDetector.Run(reference, current, new DriftOptions(), scores), actual!);
    }
}
