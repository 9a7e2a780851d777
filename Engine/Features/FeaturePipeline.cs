using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Features;

/// <summary>Parameters of the feature pipeline fit (defaults are the original system's).</summary>
public sealed record FeaturePipelineOptions
{
    /// <summary>Target-encoder sigmoid slope (category_encoders "smoothing"); original 2.0.</summary>
    public double Smoothing { get; init; } = 2.0;

    /// <summary>Target-encoder sigmoid midpoint (category_encoders "min_samples_leaf"); original 20.</summary>
    public int MinSamplesLeaf { get; init; } = 20;
}

/// <summary>
/// The unfitted feature pipeline. <see cref="Fit"/> learns the target encodings and numeric medians from
/// labelled raw leads and returns an immutable <see cref="FeaturePipelineState"/> that transforms leads.
/// </summary>
public sealed class FeaturePipeline
{
    /// <summary>A pipeline with the original parameters.</summary>
    public FeaturePipeline() : this(new FeaturePipelineOptions())
    {
    }

    /// <summary>A pipeline with explicit parameters.</summary>
    public FeaturePipeline(FeaturePipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Smoothing > 0) || double.IsInfinity(options.Smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Smoothing must be a positive finite number.");
        }
        Options = options;
    }

    /// <summary>The fit parameters.</summary>
    public FeaturePipelineOptions Options { get; }

    /// <summary>
    /// Fits on labelled leads: target encoding of the six high-cardinality columns (nulls counted as the
    /// category "UNKNOWN", as the original did) and the median of each numeric column over its non-missing
    /// values (0 when a column has none, the original's fallback).
    /// </summary>
    /// <exception cref="ArgumentException">No leads, or a lead without a 0/1 <see cref="RawLead.Engaged"/>.</exception>
    public FeaturePipelineState Fit(IReadOnlyList<RawLead> labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        if (labelled.Count == 0)
        {
            throw new ArgumentException("Fitting needs at least one labelled lead.", nameof(labelled));
        }
        var labels = new int[labelled.Count];
        for (var i = 0; i < labelled.Count; i++)
        {
            labels[i] = labelled[i].Engaged switch
            {
                0 => 0,
                1 => 1,
                var other => throw new ArgumentException(
                    $"Lead {i + 1} has engaged = {other?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}; fitting needs 0 or 1.",
                    nameof(labelled)),
            };
        }

        var categories = FeatureSchema.TargetEncodedColumns
            .Select(column => (IReadOnlyList<string?>)labelled.Select(l => l.GetString(column)).ToArray())
            .ToArray();
        var encoder = TargetEncoderState.Fit(categories, labels, Options.Smoothing, Options.MinSamplesLeaf);

        var medians = NumericMedians.Fit(labelled, RawSchema.Leads);

        return new FeaturePipelineState
        {
            Source = FeaturePipelineState.FittedSource,
            TrainingRowCount = labelled.Count,
            Medians = medians,
            TargetEncoder = encoder,
        };
    }
}
