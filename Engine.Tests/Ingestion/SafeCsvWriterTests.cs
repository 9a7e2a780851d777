using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Ingestion;

public sealed class SafeCsvWriterTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+33 6 12", "'+33 6 12")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("CEO", "CEO")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Neutralize_FormulaPrefixes_GetAnApostrophe(string value, string expected)
    {
        Assert.Equal(expected, SafeCsvWriter.Neutralize(value));
    }

    [Fact]
    public void WriteRow_QuotesAndNeutralizesTextButNotNumbers()
    {
        var text = new StringWriter();
        using (var csv = new SafeCsvWriter(text))
        {
            csv.WriteText("=1+1");
            csv.WriteText("a,\"b\"\nc");
            csv.WriteText(null);
            csv.WriteNumber(-0.1);
            csv.WriteNumber(85);
            csv.EndRow();
        }

        Assert.Equal("'=1+1,\"a,\"\"b\"\"\nc\",,-0.1,85\n", text.ToString());
    }

    [SharedDataFact]
    public void WriteRaw_ThenRead_RoundTripsEveryRealLead()
    {
        var text = new StringWriter();
        LeadCsvWriter.WriteRaw(text, OriginalFixtures.Leads, includeLabel: true);

        var result = LeadCsvReaderTests.Read(text.ToString());

        Assert.True(result.Succeeded);
        Assert.Equal(OriginalFixtures.Leads, result.RawRows);
    }

    [SharedDataFact]
    public void WriteProcessed_ThenRead_RoundTripsExactDoubles()
    {
        var features = OriginalFixtures.State.TransformBatch(OriginalFixtures.Leads);
        var labels = OriginalFixtures.Leads.Select(l => l.Engaged).ToArray();
        var text = new StringWriter();
        LeadCsvWriter.WriteProcessed(text, features, labels);

        var result = LeadCsvReaderTests.Read(text.ToString());

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(features, result.ProcessedRowMajor());
        Assert.Equal(labels, result.Labels!);
    }
}
