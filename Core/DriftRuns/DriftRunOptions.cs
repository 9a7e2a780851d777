namespace LeadScoring.Core.DriftRuns;

/// <summary>Limits of the drift-run store (configuration section <c>DriftRuns</c>; how long runs are kept is <c>Retention:DriftRunDays</c>).</summary>
public sealed class DriftRunOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "DriftRuns";

    /// <summary>Whether drift evaluations are recorded at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Reports larger than this many bytes of JSON are stored gzip-compressed.</summary>
    public int CompressAboveBytes { get; set; } = 16_384;

    /// <summary>Runs listed per page when the caller does not say.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Most runs one list request returns (a larger <c>limit</c> is refused, naming this key).</summary>
    public int MaxPageSize { get; set; } = 200;
}
