namespace LeadScoring.Engine.Ingestion;

/// <summary>Counts every issue but keeps only the first few messages of each kind.</summary>
internal sealed class IssueCollector(int maxMessages)
{
    public List<CsvIssue> Errors { get; } = [];

    public List<CsvIssue> Warnings { get; } = [];

    public int ErrorCount { get; private set; }

    public int WarningCount { get; private set; }

    public void Error(int row, string? column, string message)
    {
        ErrorCount++;
        if (Errors.Count < maxMessages)
        {
            Errors.Add(new CsvIssue(row, column, message));
        }
    }

    public void Warning(int row, string? column, string message)
    {
        WarningCount++;
        if (Warnings.Count < maxMessages)
        {
            Warnings.Add(new CsvIssue(row, column, message));
        }
    }
}
