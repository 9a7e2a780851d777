namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// A shadow challenger's score for one live prediction, stored beside the champion's (never returned to clients).
/// Linked to its prediction by <see cref="Key"/> = <see cref="PredictionRecord.ShadowKey"/>.
/// </summary>
public sealed class ShadowScoreRecord
{
    /// <summary>The request-time key the champion's prediction row carries too.</summary>
    public Guid Key { get; set; }

    /// <summary>The prediction's time (Unix ms UTC), copied so windows and retention need no join.</summary>
    public long TimestampMs { get; set; }

    /// <summary>The registry id of the challenger that scored it.</summary>
    public int ChallengerVersionId { get; set; }

    /// <summary>P(engaged) from the challenger (unrounded).</summary>
    public double Score { get; set; }

    /// <summary>Score at or above the challenger's own threshold.</summary>
    public bool PredictedEngaged { get; set; }
}
