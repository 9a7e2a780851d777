using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Reads a batch of leads from CSV (Sylvan.Data.Csv: quoted newlines, BOM, ',' / ';' / tab / '|' detected from
/// the header). The schema is detected from the header: a file with more model-only feature columns
/// (has_*, is_*, one-hot dummies…) than raw-only columns (llm_seniority, summary, jobtitle…) is processed,
/// any other file with at least one raw column is raw. Every problem is reported with its row and column;
/// a file with any error is rejected whole.
/// </summary>
public static class LeadCsvReader
{
    /// <summary>Reads a UTF-8 (BOM optional) CSV stream; the stream is left open.</summary>
    public static LeadBatchParseResult Read(Stream stream, CsvReadOptions? options = null)
    {
        using var csv = LeadCsvStream.Open(stream, options);
        return ReadAll(csv);
    }

    /// <summary>Reads a CSV file.</summary>
    public static LeadBatchParseResult ReadFile(string path, CsvReadOptions? options = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, options);
    }

    /// <summary>Reads CSV text from a reader; the reader is left open.</summary>
    public static LeadBatchParseResult Read(TextReader reader, CsvReadOptions? options = null)
    {
        using var csv = LeadCsvStream.Open(reader, options);
        return ReadAll(csv);
    }

    private static LeadBatchParseResult ReadAll(LeadCsvStream csv)
    {
        var raw = new List<RawLead>();
        var processed = new List<double[]>();
        var labels = new List<int?>();
        var chunk = new LeadChunk();
        while (csv.ReadChunk(chunk, 8192))
        {
            raw.AddRange(chunk.Raw);
            processed.AddRange(chunk.Processed);
            labels.AddRange(chunk.Labels);
        }
        return csv.Summary(raw, processed, labels);
    }
}
