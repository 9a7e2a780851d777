using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;

namespace LeadScoring.Core.Models;

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
        var labels = Labels(leads);
        progress?.Report(new BuildProgress(0.05, "Splitting train and holdout"));
        var (trainRows, holdoutRows) = StratifiedSplit.TrainValidation(labels, HoldoutFraction, seed);
        var train = trainRows.Select(i => leads[i]).ToList();
        var holdout = holdoutRows.Select(i => leads[i]).ToList();

        progress?.Report(new BuildProgress(0.10, "Fitting the feature pipeline on the training rows"));
        var pipeline = new FeaturePipeline().Fit(train);
        cancellationToken.ThrowIfCancellationRequested();
        var data = new TrainingData(pipeline.TransformBatch(train), [.. trainRows.Select(i => labels[i])],
            pipeline.TransformBatch(holdout), [.. holdoutRows.Select(i => labels[i])]);
        return Train(pipeline, data, holdoutRows, name, seed, details: null, progress, trainerOptions, cancellationToken);
    }

    /// <summary>The 0/1 labels of labelled leads; throws naming the first lead without one.</summary>
    internal static int[] Labels(IReadOnlyList<RawLead> leads) =>
        [.. leads.Select((l, i) => l.Engaged ?? throw new ArgumentException($"Lead {i + 1} has no 'engaged' label.", nameof(leads)))];

    /// <summary>
    /// The shared tail of every build: train trees on rows already in <paramref name="pipeline"/>'s feature space,
    /// score the holdout through ONNX Runtime, precompute the drift reference, and describe it all as JSON.
    /// </summary>
    internal static BuiltModel Train(FeaturePipelineState pipeline, TrainingData data, int[] holdoutRows, string name, int seed,
        IReadOnlyDictionary<string, object?>? details, IProgress<BuildProgress>? progress, LeadModelTrainerOptions? trainerOptions,
        CancellationToken cancellationToken)
    {
        var rows = data.TrainLabels.Length + data.HoldoutLabels.Length;
        var positives = data.TrainLabels.Count(l => l == 1) + data.HoldoutLabels.Count(l => l == 1);
        if (rows < 20 || positives == 0 || positives == rows)
        {
            throw new ArgumentException("Training needs at least 20 labelled leads with both engaged and not engaged examples.");
        }
        progress?.Report(new BuildProgress(0.20, $"Training gradient-boosted trees on {data.TrainLabels.Length:N0} rows"));
        var options = (trainerOptions ?? LeadModelTrainerOptions.For(data.TrainLabels.Length)) with { Seed = seed, ModelVersion = name };
        var trained = new LeadModelTrainer(options).Train(data.TrainFeatures, data.TrainLabels);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new BuildProgress(0.75, "Evaluating on the holdout through ONNX Runtime"));
        var model = ScoringModel.FromOnnx(trained.OnnxModel, name, threshold: trained.Threshold);
        double[] holdoutScores, trainScores;
        try
        {
            holdoutScores = model.Scorer.ScoreBatch(data.HoldoutFeatures).Probabilities;
            trainScores = model.Scorer.ScoreBatch(data.TrainFeatures).Probabilities;
        }
        finally
        {
            model.Scorer.Dispose();
        }
        var holdoutEvaluation = BinaryEvaluation.Compute(holdoutScores, data.HoldoutLabels, trained.Threshold);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new BuildProgress(0.90, "Precomputing the drift reference"));
        var driftReference = DriftReference.Build(LeadDriftData.FromFeatures(data.TrainFeatures), trainScores);

        var metrics = JsonSerializer.Serialize(new
        {
            validation = trained.Validation,
            holdout = holdoutEvaluation,
        }, s_json);
        var training = new Dictionary<string, object?>
        {
            ["rows"] = rows,
            ["positives"] = positives,
            ["trainRows"] = data.TrainLabels.Length,
            ["holdoutRows"] = data.HoldoutLabels.Length,
            ["holdoutFraction"] = HoldoutFraction,
            ["seed"] = seed,
            ["trainer"] = trained.Description,
            ["trainedAtUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in details ?? new Dictionary<string, object?>())
        {
            training[key] = value;
        }
        var version = new NewModelVersion(name, "trained", trained.OnnxModel, pipeline.ToJson(), FeatureSchema.Names, trained.Threshold,
            metrics, JsonSerializer.Serialize(training, s_json), ModelRegistry.EncodeDriftReference(driftReference), trainScores,
            new LabelledScores(holdoutScores, data.HoldoutLabels), ExplanationBackgroundOf(data.TrainFeatures));
        progress?.Report(new BuildProgress(1.0, "Built"));
        return new BuiltModel(version, holdoutEvaluation, holdoutRows, trained);
    }

    /// <summary>The fixed-seed background sample (200 rows) that explanations of this version are computed against.</summary>
    internal static double[] ExplanationBackgroundOf(double[] trainFeatures) =>
        BackgroundSample.Draw(new FeatureRows(trainFeatures, FeatureSchema.Count)).Values;

    internal static readonly JsonSerializerOptions s_json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

/// <summary>Train and holdout rows, row-major in the 47-feature space, with their labels.</summary>
internal sealed record TrainingData(double[] TrainFeatures, int[] TrainLabels, double[] HoldoutFeatures, int[] HoldoutLabels);
