namespace LeadScoring.Engine.Drift;

/// <summary>Outcome of one column.</summary>
public enum ColumnDriftStatus
{
    /// <summary>The test ran; see <see cref="ColumnDriftResult.Drifted"/>.</summary>
    Tested,

    /// <summary>The column could not be tested; see <see cref="ColumnDriftResult.Reason"/>. Excluded from the drift share.</summary>
    NotTestable,
}

/// <summary>An effect size shown beside a p-value (p-values alone flag any shift on large samples).</summary>
/// <param name="Name">"KS D", "Cramér's V" or "Cohen's h".</param>
/// <param name="Value">Value in [0, 1] (Cohen's h in [0, π]).</param>
public sealed record EffectSize(string Name, double Value);

/// <summary>A category seen in the current data but not in the reference.</summary>
/// <param name="Value">The category (numbers in invariant round-trip form).</param>
/// <param name="Count">Occurrences in the current data.</param>
public sealed record UnseenCategory(string Value, long Count);

/// <summary>
/// Aggregated histogram ready to plot. Numerical: <see cref="Edges"/> has one more entry than the counts; bin i is
/// [Edges[i], Edges[i+1]) and the last one is closed. Categorical: <see cref="Categories"/> labels each count.
/// </summary>
public sealed record DriftHistogram(IReadOnlyList<double>? Edges, IReadOnlyList<string>? Categories,
    IReadOnlyList<long> ReferenceCounts, IReadOnlyList<long> CurrentCounts);

/// <summary>Drift result of one column.</summary>
public sealed record ColumnDriftResult
{
    /// <summary>Column name.</summary>
    public required string Column { get; init; }

    /// <summary>Tested or not testable.</summary>
    public required ColumnDriftStatus Status { get; init; }

    /// <summary>Why the column was not tested, or a note on a tested column (e.g. constant in both samples).</summary>
    public string? Reason { get; init; }

    /// <summary>How the values were treated.</summary>
    public DriftColumnKind Kind { get; init; }

    /// <summary>The test that ran (null when not testable before a test was chosen).</summary>
    public DriftTest? Test { get; init; }

    /// <summary>True when the test is a p-value test (KS, chi-square, Z), false for distances.</summary>
    public bool IsPValue { get; init; }

    /// <summary>Test statistic where one exists (KS D, χ², z); null otherwise.</summary>
    public double? Statistic { get; init; }

    /// <summary>The raw score: p-value for p-value tests, distance or index otherwise.</summary>
    public double? Score { get; init; }

    /// <summary>Benjamini–Hochberg adjusted p-value when the correction is on; the decision then uses it.</summary>
    public double? AdjustedPValue { get; init; }

    /// <summary>Threshold the score is compared with.</summary>
    public double? Threshold { get; init; }

    /// <summary>Comparison that means drift.</summary>
    public ComparisonOperator? Operator { get; init; }

    /// <summary>Whether the column drifted (false when not testable).</summary>
    public bool Drifted { get; init; }

    /// <summary>Effect size beside a p-value (null for distances, which are effect sizes themselves).</summary>
    public EffectSize? EffectSize { get; init; }

    /// <summary>Non-missing reference values.</summary>
    public long ReferenceCount { get; init; }

    /// <summary>Non-missing current values.</summary>
    public long CurrentCount { get; init; }

    /// <summary>Share of missing values (NaN, ±∞, null) in the reference.</summary>
    public double ReferenceMissingShare { get; init; }

    /// <summary>Share of missing values in the current data.</summary>
    public double CurrentMissingShare { get; init; }

    /// <summary>True when the current missing share differs from the reference by more than the tolerance (relative).</summary>
    public bool MissingShareChanged { get; init; }

    /// <summary>Current values absent from the reference (categorical columns and low-cardinality numeric columns).</summary>
    public long UnseenCount { get; init; }

    /// <summary>Distinct unseen values (a lower bound when <see cref="UnseenTruncated"/>).</summary>
    public int UnseenDistinct { get; init; }

    /// <summary>True when more distinct unseen values existed than were tracked.</summary>
    public bool UnseenTruncated { get; init; }

    /// <summary>The most frequent unseen values.</summary>
    public IReadOnlyList<UnseenCategory> UnseenCategories { get; init; } = [];

    /// <summary>Reference and current histograms (null when not testable for lack of data).</summary>
    public DriftHistogram? Histogram { get; init; }
}

/// <summary>Drift result of a whole dataset.</summary>
public sealed record DriftReport
{
    /// <summary>Version of this result shape (see Engine/Drift/README.md).</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Result shape version.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The profile the tests followed.</summary>
    public required DriftProfile Profile { get; init; }

    /// <summary>Whether Benjamini–Hochberg adjusted the p-values.</summary>
    public bool BenjaminiHochberg { get; init; }

    /// <summary>Reference rows.</summary>
    public int ReferenceRows { get; init; }

    /// <summary>Current rows.</summary>
    public int CurrentRows { get; init; }

    /// <summary>Columns that were tested.</summary>
    public int TestedColumns { get; init; }

    /// <summary>Tested columns that drifted.</summary>
    public int DriftedColumns { get; init; }

    /// <summary>Drifted / tested (0 when nothing was tested).</summary>
    public double DriftShare { get; init; }

    /// <summary>Green below the yellow share, yellow below the red share, red at or above it.</summary>
    public DriftAlertLevel AlertLevel { get; init; }

    /// <summary>Evidently's dataset drift: share ≥ the dataset-drift share.</summary>
    public bool DatasetDrift { get; init; }

    /// <summary>Yellow threshold used.</summary>
    public double YellowShare { get; init; }

    /// <summary>Red threshold used.</summary>
    public double RedShare { get; init; }

    /// <summary>One result per reference column, in reference order.</summary>
    public required IReadOnlyList<ColumnDriftResult> Columns { get; init; }

    /// <summary>Prediction (score) drift when reference scores were stored and current scores given.</summary>
    public PredictionDriftResult? PredictionDrift { get; init; }
}
