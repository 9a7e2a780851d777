namespace LeadScoring.Engine.Explanations;

/// <summary>Options of <see cref="ScoreShiftAttribution"/>.</summary>
public sealed record ScoreShiftOptions
{
    /// <summary>At most this many rows of each set are explained (a seeded random sample beyond it).</summary>
    public int MaxRows { get; init; } = 20_000;

    /// <summary>Seed of the samples.</summary>
    public int Seed { get; init; } = BackgroundSample.DefaultSeed;

    /// <summary>Parallelism of the explanations (−1: all cores).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>One feature's or raw column's part of a shift of the mean margin.</summary>
/// <param name="Name">Feature or raw column name.</param>
/// <param name="MarginShift">mean φ over the current rows − mean φ over the reference rows.</param>
public sealed record ShiftTerm(string Name, double MarginShift);

/// <summary>
/// Why the mean score moved between a reference set R and a current set C, explained against one background:
/// since f(x) = base + Σ_j φ_j(x) row by row, mean f(C) − mean f(R) = Σ_j [mean φ_j(C) − mean φ_j(R)] exactly. The
/// terms are in margin (log-odds) units; the mean score shift is reported separately in percentage points (the mean
/// of σ is not σ of the mean, so the terms are not split into points).
/// </summary>
public sealed class ScoreShiftAttribution
{
    private ScoreShiftAttribution() { }

    /// <summary>Rows in the current set.</summary>
    public int CurrentRows { get; private init; }

    /// <summary>Current rows explained (all, or the sample).</summary>
    public int CurrentSampleSize { get; private init; }

    /// <summary>Rows in the reference set.</summary>
    public int ReferenceRows { get; private init; }

    /// <summary>Reference rows explained.</summary>
    public int ReferenceSampleSize { get; private init; }

    /// <summary>Mean margin over the explained current rows.</summary>
    public double MeanMarginCurrent { get; private init; }

    /// <summary>Mean margin over the explained reference rows.</summary>
    public double MeanMarginReference { get; private init; }

    /// <summary>MeanMarginCurrent − MeanMarginReference = Σ of the feature terms.</summary>
    public double MarginShift => MeanMarginCurrent - MeanMarginReference;

    /// <summary>Mean score σ(f) over the explained current rows.</summary>
    public double MeanScoreCurrent { get; private init; }

    /// <summary>Mean score over the explained reference rows.</summary>
    public double MeanScoreReference { get; private init; }

    /// <summary>100 · (MeanScoreCurrent − MeanScoreReference).</summary>
    public double ScoreShiftPercentagePoints => 100 * (MeanScoreCurrent - MeanScoreReference);

    /// <summary>Per model feature, by decreasing |shift| (ties by name).</summary>
    public IReadOnlyList<ShiftTerm> Features { get; private init; } = [];

    /// <summary>Per raw column, by decreasing |shift| (ties by name).</summary>
    public IReadOnlyList<ShiftTerm> RawColumns { get; private init; } = [];

    /// <summary>Explains both sets (each sampled down to <see cref="ScoreShiftOptions.MaxRows"/>) and attributes the shift.</summary>
    public static ScoreShiftAttribution Compute(Explainer explainer, FeatureRows current, FeatureRows reference,
        FeatureGrouping grouping, ScoreShiftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(explainer);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(grouping);
        options ??= new ScoreShiftOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        if (current.Count == 0 || reference.Count == 0)
        {
            throw new ArgumentException("Both the current and the reference set need at least one row.");
        }
        var currentSample = Sample(current, options);
        var referenceSample = Sample(reference, options);
        var c = explainer.ExplainMany(currentSample, options.MaxDegreeOfParallelism);
        var r = explainer.ExplainMany(referenceSample, options.MaxDegreeOfParallelism);
        var meanC = c.MeanPhi();
        var meanR = r.MeanPhi();
        var shift = meanC.Select((v, j) => v - meanR[j]).ToArray();
        return new ScoreShiftAttribution
        {
            CurrentRows = current.Count,
            CurrentSampleSize = currentSample.Count,
            ReferenceRows = reference.Count,
            ReferenceSampleSize = referenceSample.Count,
            MeanMarginCurrent = c.MeanMargin,
            MeanMarginReference = r.MeanMargin,
            MeanScoreCurrent = c.Margins.Average(TreeEnsemble.Sigmoid),
            MeanScoreReference = r.Margins.Average(TreeEnsemble.Sigmoid),
            Features = Sorted(grouping.FeatureNames, shift),
            RawColumns = Sorted(grouping.GroupNames, grouping.Sum(shift)),
        };
    }

    private static FeatureRows Sample(FeatureRows rows, ScoreShiftOptions options) =>
        rows.Count <= options.MaxRows ? rows : BackgroundSample.Draw(rows, options.MaxRows, options.Seed);

    private static ShiftTerm[] Sorted(IReadOnlyList<string> names, double[] shift) =>
        [.. names.Select((name, i) => new ShiftTerm(name, shift[i]))
            .OrderByDescending(t => Math.Abs(t.MarginShift)).ThenBy(t => t.Name, StringComparer.Ordinal)];
}
