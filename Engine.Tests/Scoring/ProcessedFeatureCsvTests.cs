using LeadScoring.Engine.Scoring;

namespace LeadScoring.Engine.Tests.Scoring;

public sealed class ProcessedFeatureCsvTests
{
    [Fact]
    public void Read_ColumnsInAnyOrder_ReturnsMatrixInRequestedOrderAndExtras()
    {
        var csv = "id,b,a\nx,\"2.5\",1e-3\ny,NaN,-4\n";

        var table = ProcessedFeatureCsv.Read(new StringReader(csv), ["a", "b"], ["id"]);

        Assert.Equal(2, table.RowCount);
        Assert.Equal([0.001, 2.5, -4, double.NaN], table.Features);
        Assert.Equal(["x", "y"], table.ExtraColumns["id"]);
        Assert.Equal([-4, double.NaN], table.Row(1).ToArray());
    }

    [Fact]
    public void Read_BadNumber_NamesRecordAndColumn()
    {
        var csv = "a,b\n1,2\n3,abc\n";

        var error = Assert.Throws<FormatException>(() => ProcessedFeatureCsv.Read(new StringReader(csv), ["a", "b"]));

        Assert.Equal("Row 2, column 'b': 'abc' is not a number.", error.Message);
    }

    [Fact]
    public void Read_EmptyCell_NamesRecordAndColumn()
    {
        var error = Assert.Throws<FormatException>(
            () => ProcessedFeatureCsv.Read(new StringReader("a,b\n1,\n"), ["a", "b"]));

        Assert.Equal("Row 1, column 'b': the value is empty.", error.Message);
    }

    [Fact]
    public void Read_MissingColumn_NamesIt()
    {
        var error = Assert.Throws<FormatException>(
            () => ProcessedFeatureCsv.Read(new StringReader("a\n1\n"), ["a", "llm_quality"]));

        Assert.Equal("Column 'llm_quality' is missing from the CSV header.", error.Message);
    }
}
