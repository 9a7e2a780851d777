using System.Globalization;
using System.Text.Json;
using LeadScoring.Core.Domain;
using LeadScoring.Core.Drift;
using LeadScoring.Core.Features;
using LeadScoring.Core.Scoring;
using LeadScoring.Core.Training;

namespace LeadScoring.Core.Registry;

/// <summary>Progress of a long model build, for a progress bar.</summary>
/// <param name="Fraction">0 to 1.</param>
/// <param name="Stage">What is running now.</param>
public readonly record struct BuildProgress(double Fraction, string Stage);

/// <summary>A built, not yet registered model version and its holdout evaluation.</summary>
public sealed record BuiltModel(NewModelVersion Version, BinaryEvaluation Holdout, int[] HoldoutRows, TrainedModel Trained);

/// <summary>
/// The retrain path from labelled raw leads: a stratified holdout is set aside first; the feature pipeline
/// (target encodings, medians) is fitted on the training part only, so the holdout never leaks into the
/// encodings; FastTree is trained and exported to ONNX; the holdout is scored through ONNX Runtime — the path
/// that will serve — and the drift reference and reference scores are precomputed for monitoring.
/// </summary>
public static class ModelVersionBuilder
{
    public const double HoldoutFraction = 0.2;

    public static BuiltModel Build(IReadOnlyList<RawLead> leads, string name, int seed = 42, IProgress<BuildProgress>? progress = null,
        LeadModelTrainerOptions? trainerOptions = null, CancellationToken cancellationToken = default)
    {
        var labels = leads.Select((l, i) => l.Engaged ?? throw new ArgumentException($"Lead {i + 1} has no 'engaged' label.", nameof(leads))).ToArray();
        if (labels.Distinct().Count() < 2 || leads.Count < 20)
        {
            throw new ArgumentException("Training needs at least 20 labelled leads with both engaged and not engaged examples.", nameof(leads));
        }
        progress?.Report(new BuildProgress(0.05, "Splitting train and holdout"));
        var (trainRows, holdoutRows) = StratifiedSplit.TrainValidation(labels, HoldoutFraction, seed);
        var train = trainRows.Select(i => leads[i]).ToList();
        var holdout = holdoutRows.Select(i => leads[i]).ToList();

        progress?.Report(new BuildProgress(0.10, "Fitting the feature pipeline on the training rows"));
        var pipeline = new FeaturePipeline().Fit(train);
        var trainFeatures = pipeline.TransformBatch(train);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new BuildProgress(0.20, $"Training gradient-boosted trees on {train.Count:N0} rows"));
        var options = (trainerOptions ?? new LeadModelTrainerOptions()) with { Seed = seed, ModelVersion = name };
        var trained = new LeadModelTrainer(options).Train(trainFeatures, [.. trainRows.Select(i => labels[i])]);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new BuildProgress(0.75, "Evaluating on the holdout through ONNX Runtime"));
        var holdoutFeatures = pipeline.TransformBatch(holdout);
        var model = ScoringModel.FromOnnx(trained.OnnxModel, name, threshold: trained.Threshold);
        double[] holdoutScores, trainScores;
        try
        {
            holdoutScores = model.Scorer.ScoreBatch(holdoutFeatures).Probabilities;
            trainScores = model.Scorer.ScoreBatch(trainFeatures).Probabilities;
        }
        finally
        {
            model.Scorer.Dispose();
        }
        var holdoutEvaluation = BinaryEvaluation.Compute(holdoutScores, [.. holdoutRows.Select(i => labels[i])], trained.Threshold);

        progress?.Report(new BuildProgress(0.90, "Precomputing the drift reference"));
        var driftReference = DriftReference.Build(LeadDriftData.FromFeatures(trainFeatures), trainScores);

        var metrics = JsonSerializer.Serialize(new
        {
            validation = trained.Validation,
            holdout = holdoutEvaluation,
        }, s_json);
        var training = JsonSerializer.Serialize(new
        {
            rows = leads.Count,
            positives = labels.Count(l => l == 1),
            trainRows = train.Count,
            holdoutRows = holdout.Count,
            holdoutFraction = HoldoutFraction,
            seed,
            trainer = trained.Description,
            trainedAtUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, s_json);
        var version = new NewModelVersion(name, "trained", trained.OnnxModel, pipeline.ToJson(), FeatureSchema.Names, trained.Threshold,
            metrics, training, ModelRegistry.EncodeDriftReference(driftReference), trainScores);
        progress?.Report(new BuildProgress(1.0, "Built"));
        return new BuiltModel(version, holdoutEvaluation, holdoutRows, trained);
    }

    private static readonly JsonSerializerOptions s_json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
