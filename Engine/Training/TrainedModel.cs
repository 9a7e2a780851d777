namespace LeadScoring.Engine.Training;

/// <summary>
/// A trained model ready for the registry: ONNX bytes (scored by <see cref="Scoring.OnnxScorer"/>), its decision
/// threshold, validation metrics and how it was trained.
/// </summary>
/// <param name="OnnxModel">Serialized ONNX (input "input" float [N, F], output "probability" float [N, 1]).</param>
/// <param name="Threshold">Engaged iff probability ≥ threshold; chosen on validation to maximise F1.</param>
/// <param name="Validation">Metrics on the held-out validation rows at <see cref="Threshold"/>.</param>
/// <param name="Description">Data, split and trainer settings.</param>
public sealed record TrainedModel(
    byte[] OnnxModel, double Threshold, BinaryEvaluation Validation, TrainingDescription Description)
{
    /// <summary>The ML.NET model the ONNX bytes were exported from (tests compare the two).</summary>
    internal MlNetBinaryModel? MlNetModel { get; init; }
}

/// <summary>How a model was trained.</summary>
/// <param name="Trainer">Algorithm, e.g. "ML.NET FastTree (gradient-boosted trees, Platt-calibrated)".</param>
/// <param name="Rows">Labelled rows given.</param>
/// <param name="Positives">Engaged rows given.</param>
/// <param name="TrainRows">Rows the trees were fitted on.</param>
/// <param name="TrainPositives">Engaged rows among them.</param>
/// <param name="ValidationRows">Held-out rows used for the threshold and metrics.</param>
/// <param name="ValidationPositives">Engaged rows among them.</param>
/// <param name="ValidationFraction">Requested held-out share (stratified).</param>
/// <param name="Seed">Seed of the split and trainer.</param>
/// <param name="PositiveWeight">Example weight of an engaged row (negatives weigh 1).</param>
/// <param name="Options">Trainer settings.</param>
/// <param name="TreeCount">Trees in the fitted ensemble.</param>
/// <param name="Duration">Wall time of fit, threshold choice, metrics and export.</param>
public sealed record TrainingDescription(
    string Trainer, int Rows, int Positives, int TrainRows, int TrainPositives, int ValidationRows,
    int ValidationPositives, double ValidationFraction, int Seed, double PositiveWeight,
    LeadModelTrainerOptions Options, int TreeCount, TimeSpan Duration);
