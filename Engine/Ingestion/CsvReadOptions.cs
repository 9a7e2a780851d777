using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Ingestion;

/// <summary>Which of the two accepted input shapes a batch has.</summary>
public enum LeadBatchSchema
{
    /// <summary>The raw enriched schema: up to 19 input columns (+ optional engaged).</summary>
    Raw,

    /// <summary>The 47 model features (+ optional engaged).</summary>
    Processed,
}

/// <summary>Limits and overrides for <see cref="LeadCsvReader"/>.</summary>
public sealed record CsvReadOptions
{
    /// <summary>Defaults: 100 kept messages per kind, at most 1,000,000 rows, delimiter and schema detected.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>How many error (and, separately, warning) messages are kept; all are still counted.</summary>
    public int MaxIssueMessages { get; init; } = 100;

    /// <summary>More data rows than this rejects the file.</summary>
    public int MaxRows { get; init; } = 1_000_000;

    /// <summary>Field delimiter; null detects it from the header (',', ';', tab or '|').</summary>
    public char? Delimiter { get; init; }

    /// <summary>Forces a schema instead of detecting it from the header.</summary>
    public LeadBatchSchema? ExpectedSchema { get; init; }

    /// <summary>
    /// False (the default): a raw file missing any of the raw columns is refused, since every row would get the missing
    /// value and that fakes drift. True: the missing columns are read as missing, with a warning.
    /// </summary>
    public bool AllowMissingColumns { get; init; }

    /// <summary>The raw columns a raw batch may hold (the original lead schema unless a test or tool says otherwise).</summary>
    public RawSchema RawColumns { get; init; } = RawSchema.Leads;
}
