using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Metrics;
using MathNet.Numerics.Distributions;

namespace LeadScoring.Engine.Performance.Business;

/// <summary>Where a business number comes from.</summary>
public enum ValueKind
{
    /// <summary>Counted from known outcomes (labelled rows only).</summary>
    Realized,

    /// <summary>Expected from calibrated probabilities (all rows, outcomes not needed).</summary>
    Expected,
}

/// <summary>Precision and recall among the K highest-scored leads.</summary>
/// <param name="K">Requested K.</param>
/// <param name="Rows">min(K, rows available) — the leads actually taken.</param>
/// <param name="Kind">Realized (labelled rows) or expected (calibrated probabilities of all rows).</param>
/// <param name="Precision">Conversions among the top K divided by the leads taken.</param>
/// <param name="Recall">Conversions among the top K divided by all conversions (realized: converted rows; expected:
/// Σ of all calibrated probabilities).</param>
public sealed record TopKValue(int K, int Rows, ValueKind Kind, double Precision, double Recall);

/// <summary>One score decile of a gains table (decile 1 = the 10 % highest scores).</summary>
/// <param name="Decile">1 … 10, best first.</param>
/// <param name="Rows">Leads in the decile.</param>
/// <param name="MinScore">Lowest score in the decile.</param>
/// <param name="MaxScore">Highest score in the decile.</param>
/// <param name="Conversions">Conversions in the decile (realized count, or expected Σp); a tie group that straddles
/// a decile edge is shared in proportion, so the value can be fractional.</param>
/// <param name="ConversionRate">Conversions / rows.</param>
/// <param name="Lift">Conversion rate / overall conversion rate.</param>
/// <param name="CumulativeGain">Share of all conversions captured by deciles 1 … this one.</param>
/// <param name="CumulativeLift">Conversion rate of deciles 1 … this one / overall conversion rate.</param>
public sealed record GainsDecile(int Decile, int Rows, double MinScore, double MaxScore, double Conversions,
    double ConversionRate, double Lift, double CumulativeGain, double CumulativeLift);

/// <summary>Lift and cumulative gains per score decile.</summary>
/// <param name="Kind">Realized or expected.</param>
/// <param name="Rows">Leads in the table.</param>
/// <param name="Conversions">All conversions (count or Σp).</param>
/// <param name="Deciles">The ten deciles, best first (fewer when there are fewer than ten rows).</param>
public sealed record GainsTable(ValueKind Kind, int Rows, double Conversions, IReadOnlyList<GainsDecile> Deciles);

/// <summary>What one calling rule gives.</summary>
/// <param name="Rule">"capacity" (the cut-off the call capacity implies) or "threshold" (the fixed threshold).</param>
/// <param name="Cutoff">Leads with score ≥ cutoff are called.</param>
/// <param name="CallsPerDay">Leads per day at or above the cut-off (ties at the cut-off are all called).</param>
/// <param name="ExpectedConversionsPerDay">Σ calibrated p of those leads per day.</param>
/// <param name="ConversionsPerDayInterval">Interval for one day's conversions (see <see cref="BusinessView.PlanCapacity"/>).</param>
/// <param name="ExpectedPrecision">Expected share of called leads that convert.</param>
/// <param name="PrecisionInterval">Interval for the precision.</param>
/// <param name="ExpectedShareOfConversions">Share of all expected conversions that the called leads hold.</param>
/// <param name="ReferenceRowsAtOrAboveCutoff">Reference rows (interpolated within a bin) at or above the cut-off —
/// how much evidence the calibrated probabilities rest on there.</param>
public sealed record CapacityPoint(string Rule, double Cutoff, double CallsPerDay, double ExpectedConversionsPerDay,
    Interval ConversionsPerDayInterval, double ExpectedPrecision, Interval PrecisionInterval,
    double ExpectedShareOfConversions, double ReferenceRowsAtOrAboveCutoff);

/// <summary>Capacity planning for N calls per day.</summary>
/// <param name="CallsPerDayCapacity">N, the calls the team can make per day.</param>
/// <param name="Days">Days of scores the plan is based on.</param>
/// <param name="LeadsPerDay">Scored leads per day in those days.</param>
/// <param name="CapacityExceedsVolume">True when N/day covers every lead (the cut-off is then the lowest score).</param>
/// <param name="AtCapacity">Calling the N best-scored leads per day.</param>
/// <param name="AtThreshold">Calling every lead at or above the fixed threshold.</param>
public sealed record CapacityPlan(int CallsPerDayCapacity, int Days, double LeadsPerDay, bool CapacityExceedsVolume,
    CapacityPoint AtCapacity, CapacityPoint AtThreshold);

/// <summary>
/// Business view of the scores: precision@K/recall@K, lift and gains per decile, and a capacity planner. Numbers are
/// realized where outcomes are known and expected (from the CBPE state's calibrated probabilities) where not, and
/// every result says which it is. Rows are ranked by score, best first; a group of tied scores that straddles a cut
/// (K, a decile edge) is shared in proportion, which is the average over every order of the tied rows.
/// </summary>
public static class BusinessView
{
    /// <summary>
    /// Precision@K and recall@K for each K: realized on the labelled rows (when any row is labelled) and expected on
    /// all rows from calibrated probabilities.
    /// </summary>
    public static IReadOnlyList<TopKValue> TopK(CbpeState state, ReadOnlySpan<double> scores,
        ReadOnlySpan<sbyte> outcomes, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ks);
        var (realized, expected) = Rankings(state, scores, outcomes);
        var result = new List<TopKValue>();
        foreach (var k in ks)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
            if (realized.Rows > 0)
            {
                result.Add(realized.TopK(k, ValueKind.Realized));
            }
            if (expected.Rows > 0)
            {
                result.Add(expected.TopK(k, ValueKind.Expected));
            }
        }
        return result;
    }

    /// <summary>Precision@K / recall@K and both gains tables from one ranking (what <see cref="TopK"/> and
    /// <see cref="Gains"/> give, at the cost of one sort instead of two).</summary>
    public static (IReadOnlyList<TopKValue> TopK, GainsTable? Realized, GainsTable Expected) Summarize(CbpeState state,
        ReadOnlySpan<double> scores, ReadOnlySpan<sbyte> outcomes, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ks);
        var (realized, expected) = Rankings(state, scores, outcomes);
        var topK = new List<TopKValue>();
        foreach (var k in ks)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
            if (realized.Rows > 0)
            {
                topK.Add(realized.TopK(k, ValueKind.Realized));
            }
            if (expected.Rows > 0)
            {
                topK.Add(expected.TopK(k, ValueKind.Expected));
            }
        }
        return (topK, realized.Rows > 0 ? realized.Gains(ValueKind.Realized) : null, expected.Gains(ValueKind.Expected));
    }

    /// <summary>Gains tables: realized (labelled rows; null when none) and expected (all rows).</summary>
    public static (GainsTable? Realized, GainsTable Expected) Gains(CbpeState state, ReadOnlySpan<double> scores,
        ReadOnlySpan<sbyte> outcomes)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (realized, expected) = Rankings(state, scores, outcomes);
        return (realized.Rows > 0 ? realized.Gains(ValueKind.Realized) : null, expected.Gains(ValueKind.Expected));
    }

    /// <summary>
    /// The cut-off that <paramref name="callsPerDay"/> implies on the last <paramref name="days"/> days of scores
    /// (the score of the (N·days)-th best lead; every lead at or above it is called), with expected conversions and
    /// precision there, beside the same numbers for the fixed <paramref name="threshold"/>.
    /// Intervals (normal approximation at <paramref name="confidenceLevel"/>, clipped to [0, 1] for the precision):
    /// Var(precision) = Σp(1−p)/m² (which leads of the m called convert, given their calibrated p) +
    /// π(1−π)/R (the calibration's own uncertainty: π and R are the conversion rate and the row count of reference
    /// leads at or above the cut-off, from <see cref="CbpeState.ReferenceScoreBins"/>, interpolated within a bin);
    /// one day's conversions: Var = c²·π(1−π)/R + c·mean p(1−p) for c calls per day. The calibration term assumes the
    /// current leads above the cut-off resemble the reference ones there (CBPE's own assumption).
    /// </summary>
    public static CapacityPlan PlanCapacity(CbpeState state, ReadOnlySpan<double> recentScores, int days,
        int callsPerDay, double threshold = ScoreRules.DefaultThreshold, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callsPerDay);
        if (recentScores.Length == 0)
        {
            throw new ArgumentException("No scores to plan on.", nameof(recentScores));
        }
        var n = recentScores.Length;
        var sorted = new double[n];
        var p = new double[n];
        var indices = new int[n];
        ScoreSort.Sort(recentScores, indices, sorted, indices);
        Array.Reverse(sorted); // best first
        for (var i = 0; i < n; i++)
        {
            p[i] = state.Calibrate(sorted[i]);
        }
        var totalP = p.Sum();
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidenceLevel) / 2);
        var target = (long)callsPerDay * days;
        var exceeds = target >= n;
        var cutoff = exceeds ? sorted[^1] : sorted[target - 1];
        return new CapacityPlan(callsPerDay, days, (double)n / days, exceeds,
            Point("capacity", cutoff, sorted, p, totalP, days, state, z),
            Point("threshold", threshold, sorted, p, totalP, days, state, z));
    }

    private static CapacityPoint Point(string rule, double cutoff, double[] sortedDescending, double[] p, double totalP,
        int days, CbpeState state, double z)
    {
        var m = 0;
        double sumP = 0, sumPq = 0;
        while (m < sortedDescending.Length && sortedDescending[m] >= cutoff)
        {
            sumP += p[m];
            sumPq += p[m] * (1 - p[m]);
            m++;
        }
        var (referenceRows, referenceRate) = ReferenceAbove(state.ReferenceScoreBins, cutoff);
        var calibrationVariance = referenceRows >= 1 ? referenceRate * (1 - referenceRate) / referenceRows : double.PositiveInfinity;
        var callsPerDay = (double)m / days;
        if (m == 0)
        {
            return new CapacityPoint(rule, cutoff, 0, 0, new Interval(0, 0), double.NaN,
                new Interval(double.NaN, double.NaN), 0, referenceRows);
        }
        var precision = sumP / m;
        var precisionSd = Math.Sqrt(sumPq / ((double)m * m) + calibrationVariance);
        var perDay = sumP / days;
        var perDaySd = Math.Sqrt(callsPerDay * callsPerDay * calibrationVariance + callsPerDay * (sumPq / m));
        return new CapacityPoint(rule, cutoff, callsPerDay, perDay,
            new Interval(Math.Max(0, perDay - z * perDaySd), Math.Min(callsPerDay, perDay + z * perDaySd)),
            precision,
            new Interval(Math.Max(0, precision - z * precisionSd), Math.Min(1, precision + z * precisionSd)),
            totalP > 0 ? sumP / totalP : double.NaN, referenceRows);
    }

    /// <summary>Reference rows and their conversion rate at or above a score, a bin that straddles it counted in
    /// proportion to the part of its score range above the cut.</summary>
    internal static (double Rows, double Rate) ReferenceAbove(IReadOnlyList<ReferenceScoreBin> bins, double cutoff)
    {
        double rows = 0, positives = 0;
        foreach (var bin in bins)
        {
            double share;
            if (bin.MinScore >= cutoff)
            {
                share = 1;
            }
            else if (bin.MaxScore < cutoff)
            {
                share = 0;
            }
            else
            {
                share = bin.MaxScore > bin.MinScore ? (bin.MaxScore - cutoff) / (bin.MaxScore - bin.MinScore) : 1;
            }
            rows += share * bin.Rows;
            positives += share * bin.Positives;
        }
        return (rows, rows > 0 ? positives / rows : double.NaN);
    }

    private static (Ranking Realized, Ranking Expected) Rankings(CbpeState state, ReadOnlySpan<double> scores,
        ReadOnlySpan<sbyte> outcomes)
    {
        if (scores.Length != outcomes.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {outcomes.Length} outcomes.", nameof(outcomes));
        }
        var n = scores.Length;
        var payload = new int[n];
        for (var i = 0; i < n; i++)
        {
            ScoreUnits.ValidateScore(scores[i], i);
            payload[i] = outcomes[i];
        }
        var sorted = new double[n];
        ScoreSort.Sort(scores, payload, sorted, payload);
        Array.Reverse(sorted);
        Array.Reverse(payload);
        var labelledScores = new List<double>();
        var labelledValues = new List<double>();
        var expectedValues = new double[n];
        for (var i = 0; i < n; i++)
        {
            expectedValues[i] = state.Calibrate(sorted[i]);
            if (payload[i] >= 0)
            {
                labelledScores.Add(sorted[i]);
                labelledValues.Add(payload[i]);
            }
        }
        return (new Ranking([.. labelledScores], [.. labelledValues]), new Ranking(sorted, expectedValues));
    }

    /// <summary>Rows ranked best first with a value each (0/1 outcome or calibrated p), with tie groups.</summary>
    private sealed class Ranking
    {
        private readonly double[] _scores;
        private readonly int[] _groupStart;
        private readonly double[] _cumulativeBefore;
        private readonly double[] _groupSum;

        public Ranking(double[] scoresDescending, double[] values)
        {
            _scores = scoresDescending;
            Rows = scoresDescending.Length;
            var starts = new List<int>();
            var before = new List<double>();
            var sums = new List<double>();
            double cumulative = 0;
            for (var i = 0; i < Rows;)
            {
                var j = i;
                double sum = 0;
                while (j < Rows && scoresDescending[j] == scoresDescending[i])
                {
                    sum += values[j];
                    j++;
                }
                starts.Add(i);
                before.Add(cumulative);
                sums.Add(sum);
                cumulative += sum;
                i = j;
            }
            _groupStart = [.. starts];
            _cumulativeBefore = [.. before];
            _groupSum = [.. sums];
            Total = cumulative;
        }

        public int Rows { get; }

        public double Total { get; }

        /// <summary>Sum of the values of the first <paramref name="count"/> rows, ties shared in proportion.</summary>
        public double SumOfFirst(int count)
        {
            if (count <= 0)
            {
                return 0;
            }
            if (count >= Rows)
            {
                return Total;
            }
            var g = Array.BinarySearch(_groupStart, count);
            g = g >= 0 ? g : ~g - 1; // group containing position `count` (or starting exactly there)
            var size = (g + 1 < _groupStart.Length ? _groupStart[g + 1] : Rows) - _groupStart[g];
            return _cumulativeBefore[g] + _groupSum[g] * (count - _groupStart[g]) / size;
        }

        public TopKValue TopK(int k, ValueKind kind)
        {
            var rows = Math.Min(k, Rows);
            var hits = SumOfFirst(rows);
            return new TopKValue(k, rows, kind, rows > 0 ? hits / rows : double.NaN,
                Total > 0 ? hits / Total : double.NaN);
        }

        public GainsTable Gains(ValueKind kind)
        {
            var deciles = new List<GainsDecile>();
            var overallRate = Rows > 0 ? Total / Rows : double.NaN;
            var bins = Math.Min(10, Rows);
            for (var d = 0; d < bins; d++)
            {
                var start = (int)((long)d * Rows / bins);
                var end = (int)((long)(d + 1) * Rows / bins);
                var conversions = SumOfFirst(end) - SumOfFirst(start);
                var cumulative = SumOfFirst(end);
                var rate = conversions / (end - start);
                deciles.Add(new GainsDecile(d + 1, end - start, _scores[end - 1], _scores[start], conversions, rate,
                    rate / overallRate, Total > 0 ? cumulative / Total : double.NaN, cumulative / end / overallRate));
            }
            return new GainsTable(kind, Rows, Total, deciles);
        }
    }
}
