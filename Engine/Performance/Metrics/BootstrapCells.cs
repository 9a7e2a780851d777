namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>
/// The units the stratified bootstrap resamples: the distinct scores themselves when there are at most
/// <c>maxCells</c> of them (then the bootstrap is the textbook one), otherwise runs of adjacent distinct scores
/// ("cells", about equal row counts, never splitting a score and never straddling the decision threshold). Each cell
/// keeps what makes the resampled statistics the exact conditional expectation given the cell counts:
/// mean Brier and log-loss terms per class, and κ, the mean excess concordance (P(s⁺ &gt; s⁻) + ½P(=) − ½) of the
/// cell's own positive–negative pairs, which restores the within-cell part of the ROC AUC.
/// </summary>
internal sealed class BootstrapCells
{
    private BootstrapCells(int count)
    {
        Count = count;
        Positives = new int[count];
        Negatives = new int[count];
        PositivePrefix = new long[count + 1];
        NegativePrefix = new long[count + 1];
        BrierPositive = new double[count];
        BrierNegative = new double[count];
        LogLossPositive = new double[count];
        LogLossNegative = new double[count];
        Kappa = new double[count];
    }

    public int Count { get; }

    /// <summary>Cell k covers distinct scores [UnitBounds[k], UnitBounds[k + 1]) of the summary it was built from.</summary>
    public int[] UnitBounds { get; private set; } = [];
    public int[] Positives { get; }
    public int[] Negatives { get; }
    public long[] PositivePrefix { get; }
    public long[] NegativePrefix { get; }
    public double[] BrierPositive { get; }
    public double[] BrierNegative { get; }
    public double[] LogLossPositive { get; }
    public double[] LogLossNegative { get; }
    public double[] Kappa { get; }

    /// <summary>Index of the first cell whose scores are ≥ the threshold (Count when none is).</summary>
    public int FirstAtOrAboveThreshold { get; private set; }

    /// <summary>True when each cell is one distinct score (no approximation at all).</summary>
    public bool IsExact { get; private set; }

    public long TotalPositives => PositivePrefix[Count];
    public long TotalNegatives => NegativePrefix[Count];

    public static BootstrapCells Build(ScoreUnits units, double threshold, int maxCells)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCells, 2);
        var split = 0;
        while (split < units.Count && units.Scores[split] < threshold)
        {
            split++;
        }
        // Cell boundaries as unit indices: cells are [bounds[k], bounds[k+1]).
        var bounds = new List<int> { 0 };
        var exact = units.Count <= maxCells;
        if (exact)
        {
            for (var u = 1; u <= units.Count; u++)
            {
                bounds.Add(u);
            }
        }
        else
        {
            long rowsBelow = 0;
            for (var u = 0; u < split; u++)
            {
                rowsBelow += units.PositiveCounts[u] + units.NegativeCounts[u];
            }
            var rowsAbove = units.Rows - rowsBelow;
            var cellsBelow = rowsBelow == 0 ? 0
                : (int)Math.Clamp(Math.Round((double)maxCells * rowsBelow / units.Rows), 1, maxCells - (rowsAbove > 0 ? 1 : 0));
            var cellsAbove = rowsAbove == 0 ? 0 : maxCells - cellsBelow;
            AddSide(units, 0, split, rowsBelow, cellsBelow, bounds);
            AddSide(units, split, units.Count, rowsAbove, cellsAbove, bounds);
        }

        var cells = new BootstrapCells(bounds.Count - 1)
        {
            IsExact = exact, FirstAtOrAboveThreshold = bounds.Count - 1, UnitBounds = [.. bounds],
        };
        for (var k = 0; k + 1 < bounds.Count; k++)
        {
            long pos = 0, neg = 0, twiceConcordance = 0;
            double brierPos = 0, brierNeg = 0, logPos = 0, logNeg = 0;
            for (var u = bounds[k]; u < bounds[k + 1]; u++)
            {
                var s = units.Scores[u];
                long up = units.PositiveCounts[u];
                long un = units.NegativeCounts[u];
                twiceConcordance += up * (2 * neg + un);
                pos += up;
                neg += un;
                if (up > 0)
                {
                    brierPos += up * RankMetrics.BrierTerm(s, true);
                    logPos += up * RankMetrics.LogLossTerm(s, true);
                }
                if (un > 0)
                {
                    brierNeg += un * RankMetrics.BrierTerm(s, false);
                    logNeg += un * RankMetrics.LogLossTerm(s, false);
                }
            }
            if (bounds[k] >= split && cells.FirstAtOrAboveThreshold == cells.Count)
            {
                cells.FirstAtOrAboveThreshold = k;
            }
            cells.Positives[k] = (int)pos;
            cells.Negatives[k] = (int)neg;
            cells.PositivePrefix[k + 1] = cells.PositivePrefix[k] + pos;
            cells.NegativePrefix[k + 1] = cells.NegativePrefix[k] + neg;
            cells.BrierPositive[k] = pos > 0 ? brierPos / pos : 0;
            cells.BrierNegative[k] = neg > 0 ? brierNeg / neg : 0;
            cells.LogLossPositive[k] = pos > 0 ? logPos / pos : 0;
            cells.LogLossNegative[k] = neg > 0 ? logNeg / neg : 0;
            cells.Kappa[k] = pos > 0 && neg > 0 ? twiceConcordance / (2.0 * pos * neg) - 0.5 : 0;
        }
        return cells;
    }

    private static void AddSide(ScoreUnits units, int from, int to, long rows, int cells, List<int> bounds)
    {
        if (rows == 0 || cells == 0)
        {
            return;
        }
        var target = (double)rows / cells;
        long cumulative = 0;
        var made = 0;
        for (var u = from; u < to; u++)
        {
            cumulative += units.PositiveCounts[u] + units.NegativeCounts[u];
            if (u + 1 < to && cumulative >= target * (made + 1) && made + 1 < cells)
            {
                bounds.Add(u + 1);
                made++;
            }
        }
        bounds.Add(to);
    }
}
