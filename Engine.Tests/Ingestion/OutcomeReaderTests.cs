using System.Text;
using System.Text.Json;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Engine.Tests.Ingestion;

public sealed class OutcomeReaderTests
{
    private static OutcomeParseResult Json(string json, int max = 100) => OutcomeReader.ReadJson(JsonDocument.Parse(json).RootElement, max);

    private static OutcomeParseResult Csv(string csv, int max = 100) => OutcomeReader.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(csv)), max);

    [Fact]
    public void ReadJson_ValidOutcomes_AreReadWithTimesInUtc()
    {
        var result = Json("""[{"lead_id":"a","converted":true},{"lead_id":"b","converted":0,"observed_at":"2026-11-30T12:00:00+02:00"},{"lead_id":"c","converted":"no"}]""");

        Assert.True(result.Succeeded);
        Assert.Equal([("a", true), ("b", false), ("c", false)], result.Rows.Select(r => (r.LeadId, r.Converted)));
        Assert.Null(result.Rows[0].ObservedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), result.Rows[1].ObservedAt);
    }

    [Fact]
    public void ReadCsv_AnyAcceptedSpelling_IsRead()
    {
        var result = Csv("lead_id,converted,observed_at\nL1,TRUE,2026-11-30T10:00:00Z\nL2,yes,\nL3,0,2026-11-30\n");

        Assert.True(result.Succeeded);
        Assert.Equal([true, true, false], result.Rows.Select(r => r.Converted));
        Assert.Null(result.Rows[1].ObservedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), result.Rows[2].ObservedAt);
    }

    [Fact]
    public void ReadJson_BadRows_NameRowAndFieldAndStoreNothing()
    {
        var longId = new string('x', 129);
        var result = Json($$"""[{"lead_id":"a","converted":true},{"converted":true},{"lead_id":"{{longId}}","converted":true},{"lead_id":"a","converted":false},{"lead_id":"d","converted":"maybe"},{"lead_id":"e","converted":true,"observed_at":"yesterday"},7]""");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Rows);
        Assert.Equal([(2, "lead_id"), (3, "lead_id"), (4, "lead_id"), (5, "converted"), (6, "observed_at"), (7, null)],
            result.Invalid.Select(i => (i.Row, i.Column)));
        Assert.Contains("already given at row 1", result.Invalid[2].Message);
        Assert.Contains("'maybe' is not one of true, false, 1, 0, yes, no", result.Invalid[3].Message);
    }

    [Fact]
    public void ReadCsv_MissingColumnOrRaggedRow_IsNamed()
    {
        Assert.Equal("converted", Assert.Single(Csv("lead_id,outcome\nL1,1\n").Invalid).Column);
        var ragged = Assert.Single(Csv("lead_id,converted\nL1,1,extra\n").Invalid);
        Assert.Equal(1, ragged.Row);
        Assert.Contains("3 fields but the header has 2", ragged.Message);
    }

    [Fact]
    public void Read_MoreThanTheLimit_NamesTheLimit()
    {
        Assert.Contains("Outcomes:MaxPerCall", Assert.Single(Json("""[{"lead_id":"a","converted":true},{"lead_id":"b","converted":true}]""", max: 1).Invalid).Message);
        Assert.Contains("Outcomes:MaxPerCall", Csv("lead_id,converted\na,1\nb,1\n", max: 1).Invalid.Last().Message);
    }

    [Fact]
    public void ReadCsv_NotUtf8_SaysSaveAsUtf8()
    {
        var latin1 = new byte[] { (byte)'l', (byte)'e', (byte)'a', (byte)'d', (byte)'_', (byte)'i', (byte)'d', (byte)',', (byte)'c', (byte)'o', (byte)'n',
            (byte)'v', (byte)'e', (byte)'r', (byte)'t', (byte)'e', (byte)'d', (byte)'\n', (byte)'J', 0xE9, (byte)',', (byte)'1', (byte)'\n' };

        Assert.Contains("CSV UTF-8", Assert.Single(OutcomeReader.ReadCsv(new MemoryStream(latin1), 10).Invalid).Message);
    }

    [Fact]
    public void IsOutcomesHeader_TellsOutcomeFilesFromLeadBatches()
    {
        Assert.True(OutcomeReader.IsOutcomesHeader(["lead_id", "converted", "observed_at"]));
        Assert.True(OutcomeReader.IsOutcomesHeader(["\uFEFFlead_id", "converted"]));
        Assert.False(OutcomeReader.IsOutcomesHeader(["lead_id", "converted", "llm_quality"]));
        Assert.False(OutcomeReader.IsOutcomesHeader(["llm_quality", "engaged"]));
    }
}
