using System.Globalization;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// An error or warning found while reading a CSV batch.
/// </summary>
/// <param name="Row">1-based data record number (the header is not counted; quoted newlines do not start a
/// record); 0 for the header or the file as a whole.</param>
/// <param name="Column">Column name, or null when the issue concerns the whole row or file.</param>
/// <param name="Message">What is wrong, in plain words.</param>
public sealed record CsvIssue(int Row, string? Column, string Message)
{
    /// <summary>"Row 3, column 'llm_quality': …", "Header: …" or "Row 3: …".</summary>
    public override string ToString()
    {
        var where = Row == 0 ? "Header" : string.Create(CultureInfo.InvariantCulture, $"Row {Row}");
        return Column is null ? $"{where}: {Message}" : $"{where}, column '{Column}': {Message}";
    }
}
