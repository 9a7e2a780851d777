using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// The outcome of reading a CSV batch. A file with any error is rejected whole: <see cref="RawRows"/> and
/// <see cref="ProcessedRows"/> are then empty and <see cref="Errors"/> says why.
/// </summary>
public sealed class LeadBatchParseResult
{
    /// <summary>Detected (or forced) schema; null when the header matched neither.</summary>
    public LeadBatchSchema? Schema { get; init; }

    /// <summary>Data records read (including rejected ones).</summary>
    public int RowCount { get; init; }

    /// <summary>Parsed leads of a raw file (label in <see cref="RawLead.Engaged"/>); empty otherwise.</summary>
    public IReadOnlyList<RawLead> RawRows { get; init; } = [];

    /// <summary>Parsed 47-feature rows of a processed file, in model order; empty otherwise.</summary>
    public IReadOnlyList<double[]> ProcessedRows { get; init; } = [];

    /// <summary>The engaged label per row (null where the cell is empty); null when the file has no label column.</summary>
    public IReadOnlyList<int?>? Labels { get; init; }

    /// <summary>Kept error messages (at most <see cref="CsvReadOptions.MaxIssueMessages"/>).</summary>
    public IReadOnlyList<CsvIssue> Errors { get; init; } = [];

    /// <summary>Total errors, kept or not.</summary>
    public int ErrorCount { get; init; }

    /// <summary>Kept warning messages (at most <see cref="CsvReadOptions.MaxIssueMessages"/>).</summary>
    public IReadOnlyList<CsvIssue> Warnings { get; init; } = [];

    /// <summary>Total warnings, kept or not.</summary>
    public int WarningCount { get; init; }

    /// <summary>True when the file had no error and its rows are usable.</summary>
    public bool Succeeded => ErrorCount == 0;

    /// <summary>This result with one more file-level error (row 0): the file is then rejected.</summary>
    public LeadBatchParseResult WithFileError(string message) => new()
    {
        Schema = Schema,
        RowCount = RowCount,
        Labels = null,
        Errors = [.. Errors, new CsvIssue(0, null, message)],
        ErrorCount = ErrorCount + 1,
        Warnings = Warnings,
        WarningCount = WarningCount,
    };

    /// <summary>The processed rows as one row-major buffer (row i at [i*47, i*47+47)).</summary>
    public double[] ProcessedRowMajor()
    {
        var buffer = new double[ProcessedRows.Count * Features.FeatureSchema.Count];
        for (var i = 0; i < ProcessedRows.Count; i++)
        {
            ProcessedRows[i].CopyTo(buffer, i * Features.FeatureSchema.Count);
        }
        return buffer;
    }
}
