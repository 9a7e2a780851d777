using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Scoring;

/// <summary>
/// One loaded model version ready to score: identity, decision threshold, input columns and the scorer.
/// Whoever holds it (usually a <see cref="ChampionHolder"/>) owns <see cref="Scorer"/> and disposes it.
/// </summary>
/// <param name="VersionId">Registry id of the version (e.g. "0.3.0" for the original model).</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Threshold">Engaged iff the unrounded score is at or above this.</param>
/// <param name="FeatureColumns">Input feature names in model order.</param>
/// <param name="Scorer">The thread-safe scorer.</param>
public sealed record ScoringModel(
    string VersionId, string Name, double Threshold, IReadOnlyList<string> FeatureColumns, IScorer Scorer)
{
    /// <summary>Metadata key holding the feature names as a JSON array.</summary>
    public const string FeatureColumnsKey = "feature_columns";

    /// <summary>Metadata key holding the decision threshold (invariant round-trip text).</summary>
    public const string ThresholdKey = "threshold";

    /// <summary>Metadata key holding the model version.</summary>
    public const string ModelVersionKey = "model_version";

    /// <summary>The fitted feature pipeline that turns raw leads into this model's inputs (null: processed input only).</summary>
    public FeaturePipelineState? Pipeline { get; init; }

    /// <summary>Id of the version in the store's model registry (0 when not registered).</summary>
    public int RegistryId { get; init; }

    /// <summary>Engaged iff <paramref name="score"/> ≥ <see cref="Threshold"/>.</summary>
    public bool IsEngaged(double score) => ScoreRules.IsEngaged(score, Threshold);

    /// <summary>
    /// Loads ONNX bytes; the threshold and feature columns come from the arguments, else from the model's
    /// metadata_props, else 0.5 and the 47 default columns.
    /// </summary>
    public static ScoringModel FromOnnx(byte[] model, string versionId, string? name = null, double? threshold = null,
        IReadOnlyList<string>? featureColumns = null, OnnxScorerOptions? options = null) =>
        Create(OnnxScorer.FromBytes(model, options), versionId, name, threshold, featureColumns);

    /// <summary>Loads an ONNX file; see <see cref="FromOnnx(byte[], string, string?, double?, IReadOnlyList{string}?, OnnxScorerOptions?)"/>.</summary>
    public static ScoringModel LoadOnnx(string path, string? versionId = null, string? name = null,
        double? threshold = null, IReadOnlyList<string>? featureColumns = null, OnnxScorerOptions? options = null) =>
        Create(OnnxScorer.Load(path, options), versionId, name ?? Path.GetFileNameWithoutExtension(path), threshold,
            featureColumns);

    /// <summary>Reads the feature_columns metadata (a JSON array of names), or null when absent.</summary>
    public static IReadOnlyList<string>? ReadFeatureColumns(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(FeatureColumnsKey, out var json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<string[]>(json)
                ?? throw new InvalidDataException("feature_columns metadata is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("feature_columns metadata is not a JSON array of names: " + e.Message, e);
        }
    }

    private static ScoringModel Create(OnnxScorer scorer, string? versionId, string? name, double? threshold,
        IReadOnlyList<string>? featureColumns)
    {
        try
        {
            var metadata = scorer.Metadata;
            var columns = featureColumns ?? ReadFeatureColumns(metadata) ?? FeatureSchema.Names;
            if (columns.Count != scorer.FeatureCount)
            {
                throw new InvalidDataException(
                    $"The model takes {scorer.FeatureCount} features but {columns.Count} feature columns are named.");
            }
            var cut = threshold ?? (metadata.TryGetValue(ThresholdKey, out var t)
                ? double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)
                : ScoreRules.DefaultThreshold);
            var version = versionId ?? (metadata.TryGetValue(ModelVersionKey, out var v) ? v : "unknown");
            return new ScoringModel(version, name ?? version, cut, columns, scorer);
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }
}
