namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// The predictions of one model version in one closed UTC hour, reduced to what the score and latency pages need
/// (see <see cref="Rollups.PredictionAggregate"/>), so that a 30-day window reads ~720 rows instead of a million.
/// </summary>
public sealed class PredictionRollupRecord
{
    /// <summary>Start of the hour, Unix milliseconds UTC (a multiple of 3,600,000).</summary>
    public long HourMs { get; set; }

    public int ModelVersionId { get; set; }

    public long Count { get; set; }

    public double ScoreSum { get; set; }

    public double ScoreSumSquares { get; set; }

    /// <summary>Predictions at or above their model's threshold when made.</summary>
    public long Engaged { get; set; }

    /// <summary>Non-empty score bins as (int32 bin, int32 count) pairs, little-endian.</summary>
    public byte[] ScoreBins { get; set; } = [];

    /// <summary>Non-empty logarithmic inference-latency bins, same encoding.</summary>
    public byte[] InferenceBins { get; set; } = [];

    /// <summary>Non-empty logarithmic end-to-end-latency bins, same encoding.</summary>
    public byte[] EndToEndBins { get; set; } = [];
}

/// <summary>
/// How far the rollups reach: every hour before <see cref="CompleteBeforeMs"/> is rolled up (hours without predictions
/// have no row). One row; the watermark only moves forward, and writes below it update the hours they touch.
/// </summary>
public sealed class PredictionRollupStateRecord
{
    public int Id { get; set; }

    public long CompleteBeforeMs { get; set; }
}
