using LeadScoring.Core.Features;
using LeadScoring.Core.Scoring;

namespace LeadScoring.Core.Training;

/// <summary>Options of <see cref="LeadModelTrainer"/> (ML.NET FastTree gradient-boosted trees).</summary>
public sealed record LeadModelTrainerOptions
{
    /// <summary>Boosting rounds.</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Maximum leaves per tree.</summary>
    public int NumberOfLeaves { get; init; } = 8;

    /// <summary>Minimum training rows in a leaf; larger values regularise on this small, noisy data.</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 10;

    /// <summary>Shrinkage per tree.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Share of rows held out (stratified) to choose the threshold and report metrics.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Seed of the split and of FastTree.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Weight positives by negatives/positives so both classes carry equal total weight.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>FastTree threads; 1 keeps training bit-for-bit reproducible.</summary>
    public int NumberOfThreads { get; init; } = 1;

    /// <summary>Feature names in column order (stored in the ONNX metadata).</summary>
    public IReadOnlyList<string> FeatureColumns { get; init; } = FeatureSchema.Names;

    /// <summary>Version label written into the model.</summary>
    public string ModelVersion { get; init; } = "trained";

    /// <summary>K values for precision@K.</summary>
    public IReadOnlyList<int> TopK { get; init; } = BinaryEvaluation.DefaultTopK;
}
