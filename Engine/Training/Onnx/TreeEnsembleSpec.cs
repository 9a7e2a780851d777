namespace LeadScoring.Engine.Training.Onnx;

/// <summary>
/// One regression tree in ML.NET's layout: internal nodes 0..k−1 with a numeric split "go to LteChild when
/// x[feature] ≤ threshold, else GtChild"; a negative child c is leaf ~c.
/// </summary>
internal sealed record RegressionTreeSpec(
    int[] SplitFeatures, float[] Thresholds, int[] LteChild, int[] GtChild, double[] LeafValues, double Weight)
{
    public int InternalNodeCount => SplitFeatures.Length;
}

/// <summary>
/// A calibrated boosted-tree binary classifier: s = bias + Σ weight·leaf, p = 1 / (1 + exp(slope·s + offset)).
/// </summary>
internal sealed record TreeEnsembleSpec(
    int FeatureCount, IReadOnlyList<RegressionTreeSpec> Trees, double Bias, double PlattSlope, double PlattOffset);
