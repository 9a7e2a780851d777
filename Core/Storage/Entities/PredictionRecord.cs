namespace LeadScoring.Core.Storage.Entities;

/// <summary>One scored lead: what the model said, for which input, how fast.</summary>
public sealed class PredictionRecord
{
    public long Id { get; set; }

    /// <summary>When the prediction was made, Unix milliseconds UTC (integer so both providers bucket it the same way).</summary>
    public long TimestampMs { get; set; }

    /// <summary>The uploaded batch it belongs to; null for a prediction made through the HTTP API.</summary>
    public long? BatchId { get; set; }

    public int ModelVersionId { get; set; }

    /// <summary>P(engaged) as the model returned it (unrounded).</summary>
    public double Score { get; set; }

    /// <summary>Score at or above the model version's decision threshold.</summary>
    public bool PredictedEngaged { get; set; }

    /// <summary>
    /// The true label: carried by a labelled upload, or set later by an outcome (<see cref="OutcomeAtMs"/>): 1 converted
    /// (engaged), 0 not.
    /// </summary>
    public int? ActualEngaged { get; set; }

    /// <summary>When the outcome that labelled this prediction was observed (Unix ms UTC); null for labels carried by an upload.</summary>
    public long? OutcomeAtMs { get; set; }

    /// <summary>The client's key for the lead (lead_id), so a later outcome can find this prediction; never a model input.</summary>
    public string? LeadId { get; set; }

    /// <summary>The X-Request-ID the scoring request carried, if any.</summary>
    public string? RequestId { get; set; }

    /// <summary>Time spent in the model for this row (a batch's model time divided by its size).</summary>
    public double InferenceMs { get; set; }

    /// <summary>Request (or upload) start to stored result, per row.</summary>
    public double EndToEndMs { get; set; }

    /// <summary>The 47 model features as little-endian doubles (see <see cref="FeatureBlob"/>).</summary>
    public byte[] Features { get; set; } = [];

    public PredictionSource Source { get; set; }

    /// <summary>
    /// Generated at request time when a shadow challenger was live, and stored on the challenger's score as well
    /// (<see cref="ShadowScoreRecord.Key"/>): the link between the two, known before either row has an id.
    /// </summary>
    public Guid? ShadowKey { get; set; }
}

public enum PredictionSource
{
    Api = 0,
    Upload = 1,
}
