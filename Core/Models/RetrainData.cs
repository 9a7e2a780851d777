using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;

namespace LeadScoring.Core.Models;

/// <summary>What a retrain learns from: the reference (demo/training) set and/or chosen labelled batches.</summary>
/// <param name="IncludeReferenceSet">Use the labelled raw reference leads (data/reference_leads.csv).</param>
/// <param name="BatchIds">Labelled, completed uploaded batches to add.</param>
/// <param name="Name">Display name of the new version; a default is chosen when empty.</param>
public sealed record RetrainRequest(bool IncludeReferenceSet, IReadOnlyList<long> BatchIds, string? Name = null);

/// <summary>The labelled raw reference leads a retrain (and an imported model's evaluation) can use.</summary>
public interface IReferenceLeadSource
{
    /// <summary>Short description for the page, e.g. "reference_leads.csv (5,000 labelled leads)"; null when absent.</summary>
    string? Description { get; }

    /// <summary>The labelled leads, or null when no reference set is available.</summary>
    IReadOnlyList<RawLead>? Load();
}

/// <summary>
/// The labelled rows of one stored batch, already in the feature space of the pipeline that scored it
/// (stored predictions keep the 47 encoded features, not the raw lead, so they cannot be re-encoded).
/// </summary>
/// <param name="BatchId">Store id of the batch.</param>
/// <param name="Features">Row-major, 47 values per row.</param>
/// <param name="Labels">0/1 per row.</param>
public sealed record LabelledFeatureRows(long BatchId, double[] Features, int[] Labels);

/// <summary>Loaded training data for a retrain.</summary>
/// <param name="ReferenceLeads">Raw labelled leads (empty when not selected).</param>
/// <param name="Batches">Labelled stored batches (empty when none selected).</param>
/// <param name="BatchPipeline">The pipeline whose encodings the batch rows carry; required when batches are given.</param>
public sealed record RetrainData(IReadOnlyList<RawLead> ReferenceLeads, IReadOnlyList<LabelledFeatureRows> Batches, FeaturePipelineState? BatchPipeline)
{
    /// <summary>Labelled rows in total.</summary>
    public int RowCount => ReferenceLeads.Count + Batches.Sum(b => b.Labels.Length);
}

/// <summary>
/// The holdout of a retrain, kept so any model can be scored on exactly these rows: raw leads (encoded by each
/// model's own pipeline) followed by rows already encoded (batch rows, in the champion's feature space).
/// </summary>
/// <param name="RawLeads">Holdout rows from the reference set.</param>
/// <param name="EncodedFeatures">Holdout rows from batches, row-major.</param>
/// <param name="Labels">Labels of the raw rows, then of the encoded rows.</param>
public sealed record HoldoutSet(IReadOnlyList<RawLead> RawLeads, double[] EncodedFeatures, int[] Labels)
{
    /// <summary>The 47-feature matrix for a model using <paramref name="pipeline"/>.</summary>
    public double[] FeaturesFor(FeaturePipelineState pipeline)
    {
        var features = new double[Labels.Length * FeatureSchema.Count];
        pipeline.TransformBatch(RawLeads, features);
        EncodedFeatures.CopyTo(features.AsSpan(RawLeads.Count * FeatureSchema.Count));
        return features;
    }
}
