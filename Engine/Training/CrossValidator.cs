using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;

namespace LeadScoring.Engine.Training;

/// <summary>
/// Stratified k-fold cross-validation of <see cref="LeadModelTrainer"/>. Each fold trains on the other folds (the
/// trainer's own validation split inside them picks the threshold), exports to ONNX, and is scored on the held-out
/// fold at that threshold, so no threshold ever sees its test rows.
/// </summary>
public static class CrossValidator
{
    /// <summary>
    /// Stratified k-fold cross-validation on fixed features: per fold, train (threshold chosen inside the training
    /// fold) and score the held-out fold through ONNX Runtime. Features encoded with labels of the whole set leak
    /// into every fold: prefer <see cref="Run(IReadOnlyList{RawLead}, int, LeadModelTrainerOptions?)"/> for raw leads.
    /// </summary>
    public static CrossValidationResult Run(ReadOnlySpan<double> features, IReadOnlyList<int> labels, int folds,
        LeadModelTrainerOptions? options = null)
    {
        var featureCount = (options ?? new LeadModelTrainerOptions()).FeatureColumns.Count;
        var matrix = features.ToArray();
        return Run(labels, folds, options, (train, test) =>
            (LeadModelTrainer.Gather(matrix, train, featureCount), LeadModelTrainer.Gather(matrix, test, featureCount)));
    }

    /// <summary>
    /// Cross-validation from raw labelled leads with the feature pipeline (target encodings, medians) fitted inside
    /// each training fold, so no held-out label reaches the encodings: the honest estimate.
    /// </summary>
    public static CrossValidationResult Run(IReadOnlyList<RawLead> leads, int folds, LeadModelTrainerOptions? options = null)
    {
        var labels = leads.Select((l, i) => l.Engaged ?? throw new ArgumentException($"Lead {i + 1} has no label.", nameof(leads))).ToArray();
        return Run(labels, folds, options, (train, test) =>
        {
            var pipeline = new FeaturePipeline().Fit([.. train.Select(i => leads[i])]);
            return (pipeline.TransformBatch([.. train.Select(i => leads[i])]), pipeline.TransformBatch([.. test.Select(i => leads[i])]));
        });
    }

    private static CrossValidationResult Run(IReadOnlyList<int> labels, int folds, LeadModelTrainerOptions? options,
        Func<int[], int[], (double[] Train, double[] Test)> featuresFor)
    {
        options ??= LeadModelTrainerOptions.For(labels.Count * (folds - 1) / folds);
        var assignment = StratifiedSplit.FoldAssignments(labels, folds, options.Seed);
        var trainer = new LeadModelTrainer(options);
        var outOfFold = new double[labels.Count];
        var evaluations = new List<BinaryEvaluation>(folds);
        for (var fold = 0; fold < folds; fold++)
        {
            var trainRows = Enumerable.Range(0, labels.Count).Where(i => assignment[i] != fold).ToArray();
            var testRows = Enumerable.Range(0, labels.Count).Where(i => assignment[i] == fold).ToArray();
            var (trainFeatures, testFeatures) = featuresFor(trainRows, testRows);
            var model = trainer.Train(trainFeatures, trainRows.Select(i => labels[i]).ToArray());
            using var scorer = OnnxScorer.FromBytes(model.OnnxModel);
            var scores = scorer.ScoreBatch(testFeatures).Probabilities;
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
