using System.Text.Json;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Features;

/// <summary>
/// The fitted feature pipeline: numeric medians and target encodings, immutable and JSON-serializable (the
/// model registry stores it with each model version). Transforms raw leads into the 47 model features.
/// Thread-safe.
/// </summary>
public sealed class FeaturePipelineState
{
    /// <summary>Version of the JSON layout written by <see cref="ToJson"/>.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary><see cref="Source"/> of a state produced by <see cref="FeaturePipeline.Fit"/>.</summary>
    public const string FittedSource = "fit";

    /// <summary><see cref="Source"/> of the original system's imported state.</summary>
    public const string OriginalSource = "original";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private FeatureTransformer? _transformer;

    /// <summary>Layout version; <see cref="FromJson"/> rejects other versions.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>"fit" or "original".</summary>
    public required string Source { get; init; }

    /// <summary>Labelled rows the state was fitted on (null when imported).</summary>
    public int? TrainingRowCount { get; init; }

    /// <summary>The output feature names; always <see cref="FeatureSchema.Names"/>, stored so a file is self-describing.</summary>
    public IReadOnlyList<string> FeatureNames { get; init; } = FeatureSchema.Names;

    /// <summary>Medians for missing numerics.</summary>
    public required NumericMedians Medians { get; init; }

    /// <summary>Target encodings of the six high-cardinality columns.</summary>
    public required TargetEncoderState TargetEncoder { get; init; }

    private FeatureTransformer Transformer => _transformer ??= new FeatureTransformer(this);

    /// <summary>The 47 features of one lead, in model order.</summary>
    public double[] Transform(RawLead lead)
    {
        var features = new double[FeatureSchema.Count];
        Transformer.Transform(lead, features);
        return features;
    }

    /// <summary>Writes the 47 features of one lead into <paramref name="destination"/> (length ≥ 47).</summary>
    public void Transform(RawLead lead, Span<double> destination) => Transformer.Transform(lead, destination);

    /// <summary>Features of many leads, row-major (row i at [i*47, i*47+47)).</summary>
    public double[] TransformBatch(IReadOnlyList<RawLead> leads)
    {
        var buffer = new double[leads.Count * FeatureSchema.Count];
        Transformer.TransformBatch(leads, buffer);
        return buffer;
    }

    /// <summary>Features of many leads into a row-major buffer of at least leads.Count × 47 doubles.</summary>
    public void TransformBatch(IReadOnlyList<RawLead> leads, double[] destination) =>
        Transformer.TransformBatch(leads, destination);

    /// <summary>
    /// Features of many leads into a row-major float32 buffer (each double rounded to nearest once), the
    /// model's input tensor layout.
    /// </summary>
    public void TransformBatch(IReadOnlyList<RawLead> leads, float[] destination) =>
        Transformer.TransformBatch(leads, destination);

    /// <summary>The state as indented JSON (doubles in shortest round-trip form).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads and validates a state written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed or inconsistent state.</exception>
    public static FeaturePipelineState FromJson(string json)
    {
        FeaturePipelineState? state;
        try
        {
            state = JsonSerializer.Deserialize<FeaturePipelineState>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("Feature pipeline state is not valid JSON: " + e.Message, e);
        }
        if (state is null)
        {
            throw new InvalidDataException("Feature pipeline state is empty.");
        }
        state.Validate();
        return state;
    }

    /// <summary>Writes <see cref="ToJson"/> to a file (UTF-8, no BOM, LF line ends).</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson().ReplaceLineEndings("\n") + "\n");

    /// <summary>Reads a state file written by <see cref="Save"/>.</summary>
    public static FeaturePipelineState Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>
    /// The original system's fitted state: its target encoder exported as target_encoding.json, with the given
    /// medians (<see cref="NumericMedians.OriginalDefaults"/> when null).
    /// </summary>
    public static FeaturePipelineState ImportOriginal(string targetEncodingPath, NumericMedians? medians = null) =>
        new()
        {
            Source = OriginalSource,
            Medians = medians ?? NumericMedians.OriginalDefaults,
            TargetEncoder = OriginalTargetEncodingReader.Read(File.ReadAllText(targetEncodingPath), targetEncodingPath),
        };

    /// <summary>
    /// As <see cref="ImportOriginal(string, NumericMedians?)"/>, reading medians from a numeric_medians.json
    /// file (or the original defaults when the path is null).
    /// </summary>
    public static FeaturePipelineState ImportOriginal(string targetEncodingPath, string? numericMediansPath) =>
        ImportOriginal(targetEncodingPath, numericMediansPath is null ? null : NumericMedians.Load(numericMediansPath));

    /// <summary>Checks the invariants the transformer relies on.</summary>
    /// <exception cref="InvalidDataException">The first violated invariant.</exception>
    public void Validate()
    {
        if (FormatVersion != CurrentFormatVersion)
        {
            throw new InvalidDataException($"Feature pipeline state format {FormatVersion} is not supported (expected {CurrentFormatVersion}).");
        }
        if (Medians is null || TargetEncoder?.Columns is null)
        {
            throw new InvalidDataException("Feature pipeline state lacks medians or target encoder.");
        }
        Medians.Validate(RawSchema.Leads);
        if (FeatureNames is null || !FeatureNames.SequenceEqual(FeatureSchema.Names, StringComparer.Ordinal))
        {
            throw new InvalidDataException("Feature pipeline state lists feature names other than the 47 model features in order.");
        }
        var columns = TargetEncoder.Columns.Select(c => c?.Column).ToArray();
        if (!columns.SequenceEqual(FeatureSchema.TargetEncodedColumns, StringComparer.Ordinal))
        {
            throw new InvalidDataException("Target encoder columns must be " + string.Join(", ", FeatureSchema.TargetEncodedColumns) + " in that order.");
        }
        if (TargetEncoder.Columns.Any(c => c.Mapping is null))
        {
            throw new InvalidDataException("A target-encoded column has no mapping.");
        }
    }
}
