using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Core.Models;

/// <summary>A registry entry without its artifacts, for lists and comparisons.</summary>
public sealed record ModelVersionInfo(
    int Id, int Version, string Name, DateTime CreatedAtUtc, string CreatedBy, ModelStatus Status, string Origin,
    double DecisionThreshold, string? MetricsJson, string? TrainingJson, DateTime? PromotedAtUtc)
{
    /// <summary>When it was marked as the shadow challenger; null when it is not the challenger.</summary>
    public DateTime? ChallengerSinceUtc { get; init; }

    /// <summary>True for the version scored in shadow beside the champion.</summary>
    public bool IsChallenger => ChallengerSinceUtc is not null;

    /// <summary>The short name shown in responses and on pages, e.g. "v3".</summary>
    public string Label => $"v{Version}";

    /// <summary>"v3 · name (champion)" for lists and selects.</summary>
    public string ListLabel =>
        $"v{Version}{(Name.Length > 0 ? " · " + Name : "")}{(Status == ModelStatus.Champion ? " (champion)" : IsChallenger ? " (challenger)" : "")}";
}

/// <summary>Everything needed to register a model version.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Origin">"trained" or "imported".</param>
/// <param name="OnnxModel">The ONNX bytes served through ONNX Runtime.</param>
/// <param name="PipelineStateJson">The fitted feature pipeline (JSON).</param>
/// <param name="FeatureColumns">Model input names in order.</param>
/// <param name="Threshold">Decision threshold.</param>
/// <param name="MetricsJson">Evaluation metrics, JSON.</param>
/// <param name="TrainingJson">Training description, JSON.</param>
/// <param name="DriftReference">Serialized drift reference of the training data.</param>
/// <param name="ReferenceScores">The model's scores on its reference rows.</param>
/// <param name="ExplanationBackground">Background rows for explanations, row-major (200 × 47 by default).</param>
/// <param name="Holdout">The labelled holdout it was evaluated on (performance reference and CBPE), when there is one.</param>
public sealed record NewModelVersion(
    string Name, string Origin, byte[] OnnxModel, string PipelineStateJson, IReadOnlyList<string> FeatureColumns, double Threshold,
    string? MetricsJson, string? TrainingJson, byte[]? DriftReference, double[]? ReferenceScores,
    LabelledScores? Holdout = null, double[]? ExplanationBackground = null);

/// <summary>A version's labelled holdout: the scores it gave and what happened (1 engaged, 0 not).</summary>
public sealed record LabelledScores(double[] Scores, int[] Labels)
{
    /// <summary>The stored form (<c>{"scores": [...], "labels": [...]}</c>; Core/Performance adds its CBPE state to it).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(new { scores = Scores, labels = Labels });
}
