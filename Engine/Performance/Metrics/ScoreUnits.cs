namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>
/// Labelled rows collapsed to their distinct scores: ascending scores with the number of converted (positive) and
/// not-converted (negative) rows at each. Every realized metric is an exact function of this summary.
/// </summary>
internal sealed class ScoreUnits
{
    public ScoreUnits(double[] scores, int[] positives, int[] negatives, int count)
    {
        Scores = scores;
        PositiveCounts = positives;
        NegativeCounts = negatives;
        Count = count;
        for (var u = 0; u < count; u++)
        {
            Positives += positives[u];
            Negatives += negatives[u];
        }
    }

    /// <summary>Distinct scores, ascending (first <see cref="Count"/> entries are used).</summary>
    public double[] Scores { get; }

    /// <summary>Positive rows per distinct score.</summary>
    public int[] PositiveCounts { get; }

    /// <summary>Negative rows per distinct score.</summary>
    public int[] NegativeCounts { get; }

    /// <summary>Number of distinct scores.</summary>
    public int Count { get; }

    /// <summary>Positive rows.</summary>
    public long Positives { get; }

    /// <summary>Negative rows.</summary>
    public long Negatives { get; }

    /// <summary>Labelled rows.</summary>
    public long Rows => Positives + Negatives;

    /// <summary>Builds the summary from scores and 0/1 labels (validated).</summary>
    public static ScoreUnits FromPairs(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }
        for (var i = 0; i < scores.Length; i++)
        {
            ValidateScore(scores[i], i);
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Label {i + 1} is {labels[i]}; labels are 0 or 1.", nameof(labels));
            }
        }
        var order = ScoreSort.Order(scores);
        var builder = new Builder(Math.Min(scores.Length, 1 << 16));
        foreach (var row in order)
        {
            builder.Add(scores[row], labels[row] == 1);
        }
        return builder.Build();
    }

    /// <summary>Throws unless the score is a probability in [0, 1].</summary>
    public static void ValidateScore(double score, int index)
    {
        if (!(score >= 0.0 && score <= 1.0))
        {
            throw new ArgumentException(
                $"Score {index + 1} is {score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; " +
                "scores are probabilities in [0, 1].", "scores");
        }
    }

    /// <summary>Accumulates rows given in ascending score order.</summary>
    internal sealed class Builder(int capacity)
    {
        private double[] _scores = new double[Math.Max(capacity, 4)];
        private int[] _positives = new int[Math.Max(capacity, 4)];
        private int[] _negatives = new int[Math.Max(capacity, 4)];
        private int _count;

        /// <summary>Distinct scores so far; the row just added belongs to unit <c>Count − 1</c>.</summary>
        public int Count => _count;

        /// <summary>Adds one row; scores must arrive in ascending order.</summary>
        public void Add(double score, bool positive)
        {
            if (_count == 0 || _scores[_count - 1] != score)
            {
                if (_count == _scores.Length)
                {
                    Array.Resize(ref _scores, _count * 2);
                    Array.Resize(ref _positives, _count * 2);
                    Array.Resize(ref _negatives, _count * 2);
                }
                _scores[_count] = score;
                _positives[_count] = 0;
                _negatives[_count] = 0;
                _count++;
            }
            if (positive)
            {
                _positives[_count - 1]++;
            }
            else
            {
                _negatives[_count - 1]++;
            }
        }

        /// <summary>The summary of the rows added.</summary>
        public ScoreUnits Build() => new(_scores, _positives, _negatives, _count);
    }
}
