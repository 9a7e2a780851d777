namespace LeadScoring.Core.Storage.Entities;

/// <summary>A model version in the registry with every artifact needed to serve and monitor it.</summary>
public sealed class ModelVersionRecord
{
    public int Id { get; set; }

    /// <summary>Human-facing version number, 1, 2, 3… in creation order.</summary>
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public ModelStatus Status { get; set; }

    /// <summary>"trained" (in-app retrain) or "imported" (an external ONNX file).</summary>
    public string Origin { get; set; } = "";
    public byte[] OnnxModel { get; set; } = [];

    /// <summary>The fitted feature pipeline state (encodings, medians), JSON.</summary>
    public string PipelineStateJson { get; set; } = "";

    /// <summary>The model's input feature names in order, JSON array.</summary>
    public string FeatureColumnsJson { get; set; } = "";
    public double DecisionThreshold { get; set; } = 0.5;

    /// <summary>Evaluation metrics (F1, precision, recall, AUCs, confusion matrix, baseline), JSON.</summary>
    public string? MetricsJson { get; set; }

    /// <summary>What it was trained on (rows, positives, split, seed, trainer options), JSON.</summary>
    public string? TrainingJson { get; set; }

    /// <summary>The precomputed drift reference (sorted values, counts, bins) of its training data.</summary>
    public byte[]? DriftReference { get; set; }

    /// <summary>Scores of the reference rows, for prediction drift and the score-histogram overlay (doubles, LE).</summary>
    public byte[]? ReferenceScores { get; set; }
    public DateTime? PromotedAtUtc { get; set; }

    /// <summary>When an admin marked it as the shadow challenger; null when it is not (at most one version has it).</summary>
    public DateTime? ChallengerSinceUtc { get; set; }

    /// <summary>
    /// The labelled holdout (scores and labels) and the CBPE state fitted on it, as JSON; null for versions registered
    /// without labelled data (their performance page shows realized figures only).
    /// </summary>
    public string? PerformanceReferenceJson { get; set; }

    /// <summary>
    /// Background rows for explanations (SHAP): a fixed-seed sample of 200 reference rows, 47 features each, packed as
    /// <see cref="FeatureBlob"/>; null for versions registered without reference data.
    /// </summary>
    public byte[]? ExplanationBackground { get; set; }
}

public enum ModelStatus
{
    Candidate = 0,
    Champion = 1,
    Archived = 2,
}
