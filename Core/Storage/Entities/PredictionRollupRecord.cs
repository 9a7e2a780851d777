namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// The predictions of one model version in one closed UTC hour, reduced to what the score and latency pages need
/// (see <see cref="Rollups.PredictionAggregate"/>), so that a 30-day window reads ~720 rows instead of a million.
/// </summary>
public sealed class PredictionRollupRecord : RollupColumns
{
    /// <summary>Start of the hour, Unix milliseconds UTC (a multiple of 3,600,000).</summary>
    public long HourMs { get; set; }
}

/// <summary>
/// The predictions of one model version in one UTC minute of the last day or so (see
/// <see cref="Rollups.PredictionRollups.MinuteRetention"/>): the open hour and the partial hours at a window's edges
/// read ~60 rows an hour instead of every prediction (2 million in a busy hour).
/// </summary>
public sealed class PredictionMinuteRollupRecord : RollupColumns
{
    /// <summary>Start of the minute, Unix milliseconds UTC (a multiple of 60,000).</summary>
    public long MinuteMs { get; set; }
}

/// <summary>What an hour or a minute rollup keeps (see <see cref="Rollups.PredictionAggregate"/>); not a table of its own.</summary>
public abstract class RollupColumns
{
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
/// How far the rollups reach, one row per mark (<see cref="Rollups.PredictionRollups"/> names the ids): every hour
/// before the hour watermark is rolled up, and every minute from the minute start to the minute watermark (periods
/// without predictions have no row). Watermarks only move forward; writes below them update the rows they touch.
/// </summary>
public sealed class PredictionRollupStateRecord
{
    public int Id { get; set; }

    public long CompleteBeforeMs { get; set; }
}
