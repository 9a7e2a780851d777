using System.Text.Json;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;

namespace LeadScoring.Core.Models;

/// <summary>
/// Turns an external ONNX file (e.g. the original system's model) into a registry entry: it must pass
/// <see cref="OnnxModelInspector"/> (read before ONNX Runtime sees it), ONNX Runtime must load it and it must take
/// the 47 features. When the reference set is available the model is evaluated on the same
/// holdout rows a retrain uses and its drift reference is built from the training part, so it compares and
/// monitors like an in-app model.
/// </summary>
public static class ExternalModelImport
{
    /// <summary>Maximum accepted ONNX file size.</summary>
    public const long MaxOnnxBytes = 50L * 1024 * 1024;

    public static NewModelVersion Create(byte[] onnx, string name, FeaturePipelineState pipeline, double threshold,
        IReadOnlyList<RawLead>? referenceLeads, int seed = RetrainBuilder.DefaultSeed, OnnxModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (onnx.Length == 0 || onnx.Length > MaxOnnxBytes)
        {
            throw new InvalidDataException($"The ONNX file must hold 1 byte to {MaxOnnxBytes / (1024 * 1024)} MB.");
        }
        if (!(threshold > 0 && threshold < 1))
        {
            throw new InvalidDataException("The decision threshold must be between 0 and 1 (exclusive).");
        }
        pipeline.Validate();
        // Before ONNX Runtime sees the bytes: external data, foreign operators, oversized graphs, a wrong input.
        OnnxModelInspector.Check(onnx, FeatureSchema.Count, limits);
        ScoringModel model;
        try
        {
            model = ScoringModel.FromOnnx(onnx, "import", name, threshold);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException("ONNX Runtime cannot load this file: " + FirstLine(ex.Message), ex);
        }
        using var scorer = model.Scorer;
        if (scorer.FeatureCount != FeatureSchema.Count)
        {
            throw new InvalidDataException($"The model takes {scorer.FeatureCount} inputs; the lead-scoring features are {FeatureSchema.Count}.");
        }
        string? metrics = null;
        byte[]? drift = null;
        double[]? referenceScores = null;
        LabelledScores? holdoutPairs = null;
        double[]? background = null;
        var training = new Dictionary<string, object?> { ["imported"] = true, ["pipeline"] = pipeline.Source, ["onnxBytes"] = onnx.Length };
        if (referenceLeads is { Count: >= 20 })
        {
            var labels = ModelVersionBuilder.Labels(referenceLeads);
            var (train, holdout) = StratifiedSplit.TrainValidation(labels, ModelVersionBuilder.HoldoutFraction, seed);
            var holdoutScores = scorer.ScoreBatch(pipeline.TransformBatch([.. holdout.Select(i => referenceLeads[i])])).Probabilities;
            holdoutPairs = new LabelledScores(holdoutScores, [.. holdout.Select(i => labels[i])]);
            var evaluation = BinaryEvaluation.Compute(holdoutScores, holdoutPairs.Labels, threshold);
            metrics = JsonSerializer.Serialize(new { holdout = evaluation }, ModelVersionBuilder.s_json);
            var trainFeatures = pipeline.TransformBatch([.. train.Select(i => referenceLeads[i])]);
            referenceScores = scorer.ScoreBatch(trainFeatures).Probabilities;
            background = ModelVersionBuilder.ExplanationBackgroundOf(trainFeatures);
            drift = ModelRegistry.EncodeDriftReference(DriftReference.Build(LeadDriftData.FromFeatures(trainFeatures), referenceScores));
            training["holdoutRows"] = holdout.Length;
            training["seed"] = seed;
        }
        return new NewModelVersion(name, "imported", onnx, pipeline.ToJson(), model.FeatureColumns, threshold, metrics,
            JsonSerializer.Serialize(training, ModelVersionBuilder.s_json), drift, referenceScores, holdoutPairs, background);
    }

    /// <summary>The original system's target_encoding.json (as uploaded text) with the original medians.</summary>
    public static FeaturePipelineState ImportOriginalPipeline(string targetEncodingJson, string sourceName) =>
        new()
        {
            Source = FeaturePipelineState.OriginalSource,
            Medians = NumericMedians.OriginalDefaults,
            TargetEncoder = OriginalTargetEncodingReader.Read(targetEncodingJson, sourceName),
        };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
