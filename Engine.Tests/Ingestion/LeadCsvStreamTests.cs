using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Ingestion;

public sealed class LeadCsvStreamTests
{
    private static string Scenario => Path.Combine(TestPaths.DataDirectory, "scenarios", "no_drift_baseline.csv");

    [Fact]
    public void ReadChunk_ValidFile_HandsOutEveryRowInOrderInChunks()
    {
        using var csv = LeadCsvStream.Open(File.OpenRead(Scenario));
        var chunk = new LeadChunk();
        var sizes = new List<int>();
        var jobTitles = new List<string?>();
        while (csv.ReadChunk(chunk, 300))
        {
            sizes.Add(chunk.Count);
            jobTitles.AddRange(chunk.Raw.Select(l => l.JobTitle));
        }

        Assert.Equal([300, 300, 300, 100], sizes);
        Assert.Equal(LeadCsvReader.ReadFile(Scenario).RawRows.Select(l => l.JobTitle), jobTitles);
        Assert.True(csv.Summary().Succeeded);
    }

    [Fact]
    public void ReadChunk_ErrorMidFile_StopsHandingOutRowsButListsEveryError()
    {
        var lines = File.ReadAllText(Scenario);
        var header = lines[..lines.IndexOf('\n', StringComparison.Ordinal)];
        var row = "80,Mid,0.5,0.5,Software Development,other,experts,1,,,,,,Paris,,,,,,0";
        var bad = "150,Mid,0.5,0.5,Software Development,other,experts,1,,,,,,Paris,,,,,,0";
        var text = string.Join('\n', [header, .. Enumerable.Repeat(row, 10), bad, .. Enumerable.Repeat(row, 10), bad, row]) + "\n";
        using var csv = LeadCsvStream.Open(new StringReader(text));
        var chunk = new LeadChunk();
        var handedOut = 0;

        while (csv.ReadChunk(chunk, 4))
        {
            handedOut += chunk.Count;
        }

        var summary = csv.Summary();
        Assert.Equal(8, handedOut); // two full chunks before row 11; nothing after the first error
        Assert.Equal(23, summary.RowCount);
        Assert.Equal([(11, "llm_quality"), (22, "llm_quality")], summary.Errors.Select(e => (e.Row, e.Column!)));
    }

    [Fact]
    public void Open_ZipArchiveFromANonSeekableStream_IsRefusedNamingWhatItIs()
    {
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 };
        using var csv = LeadCsvStream.Open(new NonSeekable(zip));

        var error = Assert.Single(csv.Summary().Errors);
        Assert.Contains("ZIP archive", error.Message);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
