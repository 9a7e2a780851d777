using System.Buffers.Binary;
using LeadScoring.Engine.Statistics;
using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>
/// What the score and latency pages need of a set of predictions, in a form that merges by addition: count, score sum
/// and sum of squares, predicted-engaged count, and counts in fixed bins (1,000 equal score bins over [0, 1];
/// <see cref="LatencyBinsPerE"/> logarithmic latency bins per factor e). Means and shares are exact; quantiles are
/// estimated within one bin (0.001 for scores, 1.01 % for latencies) by <see cref="BinnedQuantiles"/>.
/// The bins are the same as those the SQL approximate path groups by, so both give the same estimates.
/// </summary>
public sealed class PredictionAggregate
{
    /// <summary>Score bins over [0, 1]: width 0.001, the bound on an approximate score quantile's error.</summary>
    public const int ScoreBinCount = 1000;

    /// <summary>
    /// Latency bins per factor e: bin b holds [e^((b − offset)/k), e^((b + 1 − offset)/k)) ms, so consecutive edges
    /// differ by e^(1/100) − 1 ≈ 1.005 %, the bound on an approximate percentile's relative error.
    /// </summary>
    public const int LatencyBinsPerE = 100;

    /// <summary>Latencies below this (0 from a coarse clock) join its bin: the logarithm needs a positive value.</summary>
    public const double MinLatencyMs = 1e-6;

    /// <summary>Above −ln(<see cref="MinLatencyMs"/>)·<see cref="LatencyBinsPerE"/> ≈ 1,382, so every bin index is positive.</summary>
    public const double LatencyBinOffset = 2_000;

    private readonly long[] _scoreBins = new long[ScoreBinCount];
    private readonly Dictionary<int, long> _inferenceBins = [];
    private readonly Dictionary<int, long> _endToEndBins = [];

    public long Count { get; private set; }

    public double ScoreSum { get; private set; }

    public double ScoreSumSquares { get; private set; }

    public long Engaged { get; private set; }

    /// <summary>
    /// A score's bin: ⌊score·1000⌋, a score of exactly 1 in the last bin. Corrected by one where the product rounds
    /// across an edge, so that bin ≥ k exactly when score ≥ k / 1000.0: a threshold on an edge is then counted
    /// exactly from the bins (<see cref="AtOrAbove"/>).
    /// </summary>
    public static int ScoreBin(double score)
    {
        var bin = Math.Clamp((int)(score * ScoreBinCount), 0, ScoreBinCount - 1);
        if (bin > 0 && (double)bin / ScoreBinCount > score)
        {
            bin--;
        }
        else if (bin < ScoreBinCount - 1 && (double)(bin + 1) / ScoreBinCount <= score)
        {
            bin++;
        }
        return bin;
    }

    /// <summary>The edge index k when <paramref name="threshold"/> is exactly k / 1000.0 for k in 1–999, else null.</summary>
    public static int? ThresholdEdge(double threshold)
    {
        var k = (int)Math.Round(threshold * ScoreBinCount);
        return k is > 0 and < ScoreBinCount && (double)k / ScoreBinCount == threshold ? k : null;
    }

    /// <summary>
    /// Predictions with a score at or above <paramref name="threshold"/>, exact, when the threshold lies on a bin edge
    /// (0.5, 0.35, …; <see cref="ThresholdEdge"/>); null otherwise (the caller counts the rows).
    /// </summary>
    public long? AtOrAbove(double threshold)
    {
        if (ThresholdEdge(threshold) is not { } edge)
        {
            return null;
        }
        long count = 0;
        for (var i = edge; i < ScoreBinCount; i++)
        {
            count += _scoreBins[i];
        }
        return count;
    }

    /// <summary>A latency's bin, as the SQL path computes it (the cast truncates a positive value, i.e. floors it).</summary>
    public static int LatencyBin(double milliseconds) =>
        (int)(Math.Log(milliseconds > MinLatencyMs ? milliseconds : MinLatencyMs) * LatencyBinsPerE + LatencyBinOffset);

    /// <summary>The range [low, high) of latency bin <paramref name="bin"/>, in milliseconds.</summary>
    public static (double Low, double High) LatencyBinRange(int bin) =>
        (Math.Exp((bin - LatencyBinOffset) / LatencyBinsPerE), Math.Exp((bin + 1 - LatencyBinOffset) / LatencyBinsPerE));

    /// <summary>Adds one prediction (<paramref name="sign"/> +1) or takes a previously added one out (−1).</summary>
    public void Add(in PredictionPoint point, int sign = 1)
    {
        Count += sign;
        ScoreSum += sign * point.Score;
        ScoreSumSquares += sign * point.Score * point.Score;
        Engaged += point.PredictedEngaged ? sign : 0;
        _scoreBins[ScoreBin(point.Score)] += sign;
        Bump(_inferenceBins, LatencyBin(point.InferenceMs), sign);
        Bump(_endToEndBins, LatencyBin(point.EndToEndMs), sign);
    }

    public void Merge(PredictionAggregate other)
    {
        Count += other.Count;
        ScoreSum += other.ScoreSum;
        ScoreSumSquares += other.ScoreSumSquares;
        Engaged += other.Engaged;
        for (var i = 0; i < ScoreBinCount; i++)
        {
            _scoreBins[i] += other._scoreBins[i];
        }
        foreach (var (bin, count) in other._inferenceBins)
        {
            Bump(_inferenceBins, bin, count);
        }
        foreach (var (bin, count) in other._endToEndBins)
        {
            Bump(_endToEndBins, bin, count);
        }
    }

    /// <summary>Adds a stored hour or minute.</summary>
    public void Merge(RollupColumns record)
    {
        Count += record.Count;
        ScoreSum += record.ScoreSum;
        ScoreSumSquares += record.ScoreSumSquares;
        Engaged += record.Engaged;
        foreach (var (bin, count) in Decode(record.ScoreBins))
        {
            _scoreBins[bin] += count;
        }
        foreach (var (bin, count) in Decode(record.InferenceBins))
        {
            Bump(_inferenceBins, bin, count);
        }
        foreach (var (bin, count) in Decode(record.EndToEndBins))
        {
            Bump(_endToEndBins, bin, count);
        }
    }

    /// <summary>Writes this aggregate into <paramref name="record"/> (whose key the caller sets).</summary>
    public void CopyTo(RollupColumns record)
    {
        record.Count = Count;
        record.ScoreSum = ScoreSum;
        record.ScoreSumSquares = ScoreSumSquares;
        record.Engaged = Engaged;
        record.ScoreBins = Encode(Enumerable.Range(0, ScoreBinCount).Where(i => _scoreBins[i] != 0).Select(i => (i, _scoreBins[i])));
        record.InferenceBins = Encode(_inferenceBins.Select(p => (p.Key, p.Value)));
        record.EndToEndBins = Encode(_endToEndBins.Select(p => (p.Key, p.Value)));
    }

    public static PredictionAggregate From(RollupColumns record)
    {
        var aggregate = new PredictionAggregate();
        aggregate.Merge(record);
        return aggregate;
    }

    /// <summary>Counts in <paramref name="bins"/> equal score bins over [0, 1] (1,000 must be a multiple of it).</summary>
    public long[] ScoreHistogram(int bins)
    {
        if (bins <= 0 || ScoreBinCount % bins != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"The number of bins must divide {ScoreBinCount}.");
        }
        var counts = new long[bins];
        var per = ScoreBinCount / bins;
        for (var i = 0; i < ScoreBinCount; i++)
        {
            counts[i / per] += _scoreBins[i];
        }
        return counts;
    }

    /// <summary>Non-empty score bins in ascending order, each spanning its bin's edges.</summary>
    public IReadOnlyList<ValueBin> ScoreValueBins() =>
        [.. Enumerable.Range(0, ScoreBinCount).Where(i => _scoreBins[i] > 0)
            .Select(i => new ValueBin((double)i / ScoreBinCount, (double)(i + 1) / ScoreBinCount, _scoreBins[i]))];

    public IReadOnlyList<ValueBin> InferenceValueBins() => LatencyValueBins(_inferenceBins);

    public IReadOnlyList<ValueBin> EndToEndValueBins() => LatencyValueBins(_endToEndBins);

    private static IReadOnlyList<ValueBin> LatencyValueBins(Dictionary<int, long> bins) =>
        [.. bins.Where(p => p.Value > 0).OrderBy(p => p.Key).Select(p =>
        {
            var (low, high) = LatencyBinRange(p.Key);
            return new ValueBin(low, high, p.Value);
        })];

    private static void Bump(Dictionary<int, long> bins, int bin, long delta)
    {
        var count = bins.GetValueOrDefault(bin) + delta;
        if (count == 0)
        {
            bins.Remove(bin);
        }
        else
        {
            bins[bin] = count;
        }
    }

    // An hour's count in one bin stays far below 2^31 (it would take 600,000 predictions a second).
    private static byte[] Encode(IEnumerable<(int Bin, long Count)> bins)
    {
        var list = bins.ToList();
        var bytes = new byte[list.Count * 8];
        for (var i = 0; i < list.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 8), list[i].Bin);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 8 + 4), checked((int)list[i].Count));
        }
        return bytes;
    }

    private static IEnumerable<(int Bin, long Count)> Decode(byte[] bytes)
    {
        for (var offset = 0; offset + 8 <= bytes.Length; offset += 8)
        {
            yield return (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset)), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4)));
        }
    }
}

/// <summary>The columns of one prediction that the rollups keep (all of them in the window index).</summary>
public readonly record struct PredictionPoint(long TimestampMs, int ModelVersionId, double Score, bool PredictedEngaged, double InferenceMs,
    double EndToEndMs)
{
    public static PredictionPoint Of(PredictionRecord record) =>
        new(record.TimestampMs, record.ModelVersionId, record.Score, record.PredictedEngaged, record.InferenceMs, record.EndToEndMs);
}
