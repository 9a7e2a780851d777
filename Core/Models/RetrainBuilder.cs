using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Training;

namespace LeadScoring.Core.Models;

/// <summary>A retrained model and the holdout it was evaluated on.</summary>
/// <param name="Built">The version ready to register.</param>
/// <param name="Holdout">The held-out rows, to score the champion on the same rows.</param>
/// <param name="PipelineRefitted">True when the encodings were refitted (reference set only); false when kept.</param>
public sealed record RetrainBuild(BuiltModel Built, HoldoutSet Holdout, bool PipelineRefitted);

/// <summary>
/// Builds a candidate from a <see cref="RetrainData"/> selection.
/// <list type="bullet">
/// <item>Reference set only: <see cref="ModelVersionBuilder.Build"/> — the pipeline is refitted on the training part.</item>
/// <item>With labelled batches: stored predictions hold encoded features, not raw leads, so the encodings cannot be
/// refitted; the pipeline the batches were encoded with is kept, the reference leads are encoded with it, and the
/// trees are retrained on all rows.</item>
/// </list>
/// Every source is split on its own with a fixed seed (the reference set exactly as the first build splits it, each
/// batch with a seed derived from its id), so a row always falls on the same side: a model trained in-app never
/// finds its own training rows in a later holdout, and the champion can be compared fairly on it.
/// </summary>
public static class RetrainBuilder
{
    public const int DefaultSeed = 42;

    public static RetrainBuild Build(RetrainData data, string name, int seed = DefaultSeed, IProgress<BuildProgress>? progress = null,
        LeadModelTrainerOptions? trainerOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount == 0)
        {
            throw new ArgumentException("Choose at least one source of labelled data (the reference set or a labelled batch).");
        }
        if (data.Batches.Count == 0)
        {
            var built = ModelVersionBuilder.Build(data.ReferenceLeads, name, seed, progress, trainerOptions, cancellationToken);
            var labels = ModelVersionBuilder.Labels(data.ReferenceLeads);
            var holdout = new HoldoutSet([.. built.HoldoutRows.Select(i => data.ReferenceLeads[i])], [], [.. built.HoldoutRows.Select(i => labels[i])]);
            return new RetrainBuild(built, holdout, PipelineRefitted: true);
        }
        var pipeline = data.BatchPipeline ?? throw new ArgumentException("Batches need the pipeline their features were encoded with.", nameof(data));
        progress?.Report(new BuildProgress(0.05, "Splitting every source into train and holdout"));

        var trainFeatures = new List<double>();
        var trainLabels = new List<int>();
        var holdoutEncoded = new List<double>();
        var holdoutEncodedLabels = new List<int>();
        var holdoutRaw = new List<RawLead>();
        var holdoutRawLabels = new List<int>();
        if (data.ReferenceLeads.Count > 0)
        {
            progress?.Report(new BuildProgress(0.10, "Encoding the reference leads with the kept pipeline"));
            var labels = ModelVersionBuilder.Labels(data.ReferenceLeads);
            var (train, holdout) = StratifiedSplit.TrainValidation(labels, ModelVersionBuilder.HoldoutFraction, seed);
            trainFeatures.AddRange(pipeline.TransformBatch([.. train.Select(i => data.ReferenceLeads[i])]));
            trainLabels.AddRange(train.Select(i => labels[i]));
            holdoutRaw.AddRange(holdout.Select(i => data.ReferenceLeads[i]));
            holdoutRawLabels.AddRange(holdout.Select(i => labels[i]));
        }
        foreach (var batch in data.Batches)
        {
            var (train, holdout) = StratifiedSplit.TrainValidation(batch.Labels, ModelVersionBuilder.HoldoutFraction, BatchSeed(seed, batch.BatchId));
            AddRows(batch, train, trainFeatures, trainLabels);
            AddRows(batch, holdout, holdoutEncoded, holdoutEncodedLabels);
        }
        cancellationToken.ThrowIfCancellationRequested();

        var holdoutSet = new HoldoutSet(holdoutRaw, [.. holdoutEncoded], [.. holdoutRawLabels, .. holdoutEncodedLabels]);
        var trainingData = new TrainingData([.. trainFeatures], [.. trainLabels], holdoutSet.FeaturesFor(pipeline), holdoutSet.Labels);
        var details = new Dictionary<string, object?>
        {
            ["referenceRows"] = data.ReferenceLeads.Count,
            ["batchIds"] = data.Batches.Select(b => b.BatchId).ToArray(),
            ["batchRows"] = data.Batches.Sum(b => b.Labels.Length),
            ["pipeline"] = "kept (batch rows are stored encoded)",
        };
        var built2 = ModelVersionBuilder.Train(pipeline, trainingData, [], name, seed, details, progress, trainerOptions, cancellationToken);
        return new RetrainBuild(built2, holdoutSet, PipelineRefitted: false);
    }

    /// <summary>A per-batch split seed that does not depend on which other sources were chosen.</summary>
    public static int BatchSeed(int seed, long batchId) => unchecked((seed * 486_187_739) + (int)(batchId * 16_777_619));

    private static void AddRows(LabelledFeatureRows batch, int[] rows, List<double> features, List<int> labels)
    {
        foreach (var r in rows)
        {
            features.AddRange(batch.Features.AsSpan(r * FeatureSchema.Count, FeatureSchema.Count));
            labels.Add(batch.Labels[r]);
        }
    }
}
