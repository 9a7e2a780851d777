namespace LeadScoring.Engine.Training;

/// <summary>Counts of a binary decision (engaged = positive) at one threshold.</summary>
/// <param name="TruePositives">Engaged leads predicted engaged.</param>
/// <param name="FalsePositives">Not-engaged leads predicted engaged.</param>
/// <param name="TrueNegatives">Not-engaged leads predicted not engaged.</param>
/// <param name="FalseNegatives">Engaged leads predicted not engaged.</param>
public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>TP / (TP + FP); 0 when nothing is predicted positive (sklearn's zero_division=0).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when there are no positives.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>2TP / (2TP + FP + FN); 0 when undefined.</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>(TP + TN) / all.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives,
        TruePositives + FalsePositives + TrueNegatives + FalseNegatives);

    private static double Ratio(int numerator, int denominator) =>
        denominator == 0 ? 0 : (double)numerator / denominator;
}

/// <summary>Share of engaged leads among the K highest scores (the original's "precision@K" target).</summary>
/// <param name="K">Requested K.</param>
/// <param name="Precision">Positives among the top min(K, N) scores divided by min(K, N).</param>
public sealed record TopKPrecision(int K, double Precision);
