using LeadScoring.Core.Scoring;

namespace LeadScoring.Core.Training;

/// <summary>
/// Stratified k-fold cross-validation of <see cref="LeadModelTrainer"/>. Each fold trains on the other folds (the
/// trainer's own validation split inside them picks the threshold), exports to ONNX, and is scored on the held-out
/// fold at that threshold, so no threshold ever sees its test rows.
/// </summary>
public static class CrossValidator
{
    /// <summary>Runs k-fold CV; fold assignment uses <see cref="LeadModelTrainerOptions.Seed"/>.</summary>
    public static CrossValidationResult Run(ReadOnlySpan<double> features, IReadOnlyList<int> labels, int folds,
        LeadModelTrainerOptions? options = null)
    {
        options ??= new LeadModelTrainerOptions();
        var featureCount = options.FeatureColumns.Count;
        var assignment = StratifiedSplit.FoldAssignments(labels, folds, options.Seed);
        var trainer = new LeadModelTrainer(options);
        var outOfFold = new double[labels.Count];
        var evaluations = new List<BinaryEvaluation>(folds);
        for (var fold = 0; fold < folds; fold++)
        {
            var trainRows = Enumerable.Range(0, labels.Count).Where(i => assignment[i] != fold).ToArray();
            var testRows = Enumerable.Range(0, labels.Count).Where(i => assignment[i] == fold).ToArray();
            var model = trainer.Train(LeadModelTrainer.Gather(features, trainRows, featureCount),
                trainRows.Select(i => labels[i]).ToArray());
            using var scorer = OnnxScorer.FromBytes(model.OnnxModel);
            var scores = scorer.ScoreBatch(LeadModelTrainer.Gather(features, testRows, featureCount)).Probabilities;
            var testLabels = testRows.Select(i => labels[i]).ToArray();
            evaluations.Add(BinaryEvaluation.Compute(scores, testLabels, model.Threshold, options.TopK));
            for (var i = 0; i < testRows.Length; i++)
            {
                outOfFold[testRows[i]] = scores[i];
            }
        }
        var all = labels.ToArray();
        return new CrossValidationResult(evaluations, outOfFold,
            ClassificationMetrics.RocAuc(outOfFold, all), ClassificationMetrics.AveragePrecision(outOfFold, all),
            ClassificationMetrics.TrivialBaselineF1(all));
    }
}

/// <summary>Cross-validation outcome: per-fold metrics at each fold's own threshold, and pooled out-of-fold scores.</summary>
/// <param name="Folds">Held-out metrics of each fold.</param>
/// <param name="OutOfFoldScores">Each row's score from the model that did not train on it.</param>
/// <param name="PooledRocAuc">ROC AUC of all out-of-fold scores together.</param>
/// <param name="PooledPrAuc">Average precision of all out-of-fold scores together.</param>
/// <param name="BaselineF1">F1 of calling every lead engaged, on all rows.</param>
public sealed record CrossValidationResult(
    IReadOnlyList<BinaryEvaluation> Folds, double[] OutOfFoldScores, double PooledRocAuc, double PooledPrAuc,
    double BaselineF1)
{
    /// <summary>Mean of the folds' F1.</summary>
    public double MeanF1 => Folds.Average(f => f.F1);

    /// <summary>F1 of the summed confusion matrices (each fold at its own threshold).</summary>
    public double PooledF1 => new ConfusionMatrix(
        Folds.Sum(f => f.Confusion.TruePositives), Folds.Sum(f => f.Confusion.FalsePositives),
        Folds.Sum(f => f.Confusion.TrueNegatives), Folds.Sum(f => f.Confusion.FalseNegatives)).F1;

    /// <summary>Mean of the folds' ROC AUC.</summary>
    public double MeanRocAuc => Folds.Average(f => f.RocAuc);

    /// <summary>Mean of the folds' average precision.</summary>
    public double MeanPrAuc => Folds.Average(f => f.PrAuc);
}
