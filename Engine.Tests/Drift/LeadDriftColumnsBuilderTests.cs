using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Drift;

public sealed class LeadDriftColumnsBuilderTests
{
    [Fact]
    public void Build_RowByRow_SameColumnsAsFromFeatures()
    {
        var parse = LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, "scenarios", "drift_seniority_shift.processed.csv"));
        var matrix = parse.ProcessedRowMajor();
        matrix[5 * FeatureSchema.Count + LeadDriftData.Groups[0].Members[0].ColumnIndex] = double.NaN; // a missing one-hot row
        var builder = new LeadDriftColumnsBuilder(parse.RowCount + 10); // more room than rows: the arrays are trimmed

        for (var r = 0; r < parse.RowCount; r++)
        {
            Assert.True(builder.Add(matrix.AsSpan(r * FeatureSchema.Count, FeatureSchema.Count)));
        }
        var built = builder.Build();
        var expected = LeadDriftData.FromFeatures(matrix);

        Assert.Equal(expected.Columns.Select(c => c.Name), built.Columns.Select(c => c.Name));
        Assert.Equal(parse.RowCount, built.RowCount);
        foreach (var (e, b) in expected.Columns.Zip(built.Columns))
        {
            switch (e)
            {
                case NumericDriftColumn n:
                    Assert.Equal(n.Values, ((NumericDriftColumn)b).Values);
                    Assert.Equal(n.IsInteger, ((NumericDriftColumn)b).IsInteger);
                    break;
                case CategoricalDriftColumn c:
                    Assert.Equal(c.Values, ((CategoricalDriftColumn)b).Values);
                    break;
            }
        }
        Assert.Null(((CategoricalDriftColumn)built.Find(LeadDriftData.Groups[0].Name)!).Values[5]);
    }

    [Fact]
    public void Add_WhenFull_ReturnsFalse()
    {
        var builder = new LeadDriftColumnsBuilder(1);
        var row = new double[FeatureSchema.Count];

        Assert.True(builder.Add(row));
        Assert.False(builder.Add(row));
        Assert.Equal(1, builder.Build().RowCount);
    }

    [Fact]
    public void Add_MoreThan65535DistinctValuesAcrossSegments_KeepsEveryValueBitForBit()
    {
        // 150,000 rows: three segments; column 0 gets a new value on every row (switches to plain doubles after
        // 65,536 distinct ones, mid-segment), column 1 repeats a few values (stays coded), -0.0 and NaN included.
        const int rows = 150_000;
        var matrix = new double[rows * FeatureSchema.Count];
        var random = new Random(7);
        for (var r = 0; r < rows; r++)
        {
            matrix[r * FeatureSchema.Count] = r == 10 ? -0.0 : r == 11 ? double.NaN : random.NextDouble() * 1e6;
            matrix[r * FeatureSchema.Count + 1] = r % 3 == 0 ? 0.0 : r % 3 == 1 ? -0.0 : 0.25;
        }
        var builder = new LeadDriftColumnsBuilder();
        for (var r = 0; r < rows; r++)
        {
            builder.Add(matrix.AsSpan(r * FeatureSchema.Count, FeatureSchema.Count));
        }

        var expected = LeadDriftData.FromFeatures(matrix);
        foreach (var name in new[] { FeatureSchema.Names[0], FeatureSchema.Names[1] })
        {
            var want = ((NumericDriftColumn)expected.Find(name)!).Values;
            var got = ((NumericDriftColumn)builder.Load(name)!).Values;
            Assert.Equal(want.Select(BitConverter.DoubleToInt64Bits), got.Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.Equal(rows, builder.RowCount);
    }
}
