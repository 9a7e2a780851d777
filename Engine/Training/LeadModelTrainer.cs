using System.Diagnostics;
using System.Globalization;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training.Onnx;

namespace LeadScoring.Engine.Training;

/// <summary>
/// Trains the lead-scoring classifier in-process: stratified train/validation split (seeded), ML.NET FastTree with
/// class-balancing example weights, F1-maximising threshold on validation, metrics beside the trivial baseline,
/// and export to ONNX for <see cref="OnnxScorer"/>.
/// </summary>
public sealed class LeadModelTrainer(LeadModelTrainerOptions? options = null)
{
    /// <summary>Trainer name recorded in <see cref="TrainingDescription.Trainer"/>.</summary>
    public const string TrainerName = "ML.NET FastTree (gradient-boosted trees, Platt-calibrated)";

    /// <summary>The options in use.</summary>
    public LeadModelTrainerOptions Options { get; } = options ?? new LeadModelTrainerOptions();

    /// <summary>
    /// Trains on a row-major feature matrix (<c>labels.Count</c> rows × FeatureColumns.Count) with 0/1 labels.
    /// </summary>
    public TrainedModel Train(ReadOnlySpan<double> features, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var start = Stopwatch.GetTimestamp();
        var featureCount = Options.FeatureColumns.Count;
        Validate(features, labels, featureCount);

        var (train, validation) = StratifiedSplit.TrainValidation(labels, Options.ValidationFraction, Options.Seed);
        var trainPositives = train.Count(i => labels[i] == 1);
        var validationPositives = validation.Count(i => labels[i] == 1);
        if (trainPositives < 2 || train.Length - trainPositives < 2 || validationPositives < 1
            || validation.Length - validationPositives < 1)
        {
            throw new ArgumentException(
                $"Too few rows of a class to train and validate: {trainPositives} engaged of {train.Length} for " +
                $"training, {validationPositives} of {validation.Length} for validation.", nameof(labels));
        }
        var positiveWeight = Options.BalanceClasses ? (double)(train.Length - trainPositives) / trainPositives : 1.0;
        var model = MlNetBinaryModel.Fit(features, labels, train, featureCount, positiveWeight, Options);

        var validationFeatures = Gather(features, validation, featureCount);
        var validationLabels = validation.Select(i => labels[i]).ToArray();
        var info = new OnnxExportInfo(Options.FeatureColumns, 0.5, Options.ModelVersion);
        var onnx = FastTreeOnnxExporter.Export(model.Parameters, info);
        // Choose the threshold on the exported model's own scores: those are what production will compare.
        double[] validationScores;
        using (var scorer = OnnxScorer.FromBytes(onnx))
        {
            validationScores = scorer.ScoreBatch(validationFeatures).Probabilities;
        }
        var (threshold, _) = ChooseThreshold(features, labels, train, validationScores, validationLabels, featureCount, positiveWeight);
        var evaluation = BinaryEvaluation.Compute(validationScores, validationLabels, threshold, Options.TopK);
        var treeCount = model.Parameters.SubModel.TrainedTreeEnsemble.Trees.Count;
        onnx = FastTreeOnnxExporter.Export(model.Parameters, info with
        {
            Threshold = threshold,
            Description = string.Create(CultureInfo.InvariantCulture,
                $"{TrainerName}; {treeCount} trees; {train.Length} training rows, validation F1 {evaluation.F1:F4} " +
                $"at threshold {threshold:R} (baseline F1 {evaluation.BaselineF1:F4}), ROC AUC {evaluation.RocAuc:F4}."),
        });

        var description = new TrainingDescription(TrainerName, labels.Count, labels.Count(l => l == 1), train.Length,
            trainPositives, validation.Length, validationPositives, Options.ValidationFraction, Options.Seed,
            positiveWeight, Options, treeCount, Stopwatch.GetElapsedTime(start));
        return new TrainedModel(onnx, threshold, evaluation, description) { MlNetModel = model };
    }

    /// <summary>
    /// The F1-maximising threshold. On small data one validation split gives a noisy threshold (60 rows: a few leads
    /// move it a lot), so by default the scores it is chosen on also include out-of-fold scores of the training rows
    /// from <see cref="LeadModelTrainerOptions.ThresholdFolds"/> inner models; all of them come from this call's rows only.
    /// </summary>
    private (double Threshold, double F1) ChooseThreshold(ReadOnlySpan<double> features, IReadOnlyList<int> labels, int[] train,
        double[] validationScores, int[] validationLabels, int featureCount, double positiveWeight)
    {
        if (Options.ThresholdFolds < 2)
        {
            return ClassificationMetrics.BestF1Threshold(validationScores, validationLabels);
        }
        var trainLabels = train.Select(i => labels[i]).ToArray();
        var folds = StratifiedSplit.FoldAssignments(trainLabels, Options.ThresholdFolds, Options.Seed + 1);
        var scores = new List<double>(validationScores);
        var scoreLabels = new List<int>(validationLabels);
        for (var fold = 0; fold < Options.ThresholdFolds; fold++)
        {
            var fitRows = train.Where((_, k) => folds[k] != fold).ToArray();
            var heldOut = train.Where((_, k) => folds[k] == fold).ToArray();
            if (heldOut.Length == 0 || fitRows.Select(i => labels[i]).Distinct().Count() < 2)
            {
                continue;
            }
            var inner = MlNetBinaryModel.Fit(features, labels, fitRows, featureCount, positiveWeight, Options);
            scores.AddRange(inner.PredictProbabilities(Gather(features, heldOut, featureCount)));
            scoreLabels.AddRange(heldOut.Select(i => labels[i]));
        }
        return ClassificationMetrics.BestF1Threshold(scores.ToArray(), scoreLabels.ToArray());
    }

    internal static double[] Gather(ReadOnlySpan<double> features, IReadOnlyList<int> rows, int featureCount)
    {
        var result = new double[rows.Count * featureCount];
        for (var r = 0; r < rows.Count; r++)
        {
            features.Slice(rows[r] * featureCount, featureCount).CopyTo(result.AsSpan(r * featureCount));
        }
        return result;
    }

    private static void Validate(ReadOnlySpan<double> features, IReadOnlyList<int> labels, int featureCount)
    {
        if (features.Length != labels.Count * featureCount)
        {
            throw new ArgumentException(
                $"{features.Length} feature values for {labels.Count} rows of {featureCount} features.",
                nameof(features));
        }
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Row {i + 1}: label {labels[i]} is not 0 or 1.", nameof(labels));
            }
        }
        for (var i = 0; i < features.Length; i++)
        {
            if (double.IsInfinity(features[i]))
            {
                throw new ArgumentException(
                    $"Row {i / featureCount + 1}, feature {i % featureCount + 1}: infinite value.", nameof(features));
            }
        }
    }
}
