namespace LeadScoring.Engine.Explanations;

/// <summary>The explanation of one row in margin space: BaseValue + Σ Phi = Margin (up to float rounding).</summary>
/// <param name="Margin">f(x), the row's log-odds.</param>
/// <param name="BaseValue">mean_b f(b) over the background.</param>
/// <param name="Phi">φ_j per model feature, in model order.</param>
public sealed record Explanation(double Margin, double BaseValue, double[] Phi)
{
    /// <summary>σ(Margin), the model's score for the row.</summary>
    public double Score => TreeEnsemble.Sigmoid(Margin);

    /// <summary>σ(BaseValue).</summary>
    public double BaseScore => TreeEnsemble.Sigmoid(BaseValue);
}

/// <summary>Explanations of many rows: margins and a row-major φ matrix (rows × features).</summary>
public sealed class ExplanationBatch
{
    internal ExplanationBatch(int featureCount, double baseValue, double[] margins, double[] phi)
    {
        FeatureCount = featureCount;
        BaseValue = baseValue;
        Margins = margins;
        Phi = phi;
    }

    /// <summary>Number of rows.</summary>
    public int Count => Margins.Length;

    /// <summary>Features per row.</summary>
    public int FeatureCount { get; }

    /// <summary>mean_b f(b) over the background.</summary>
    public double BaseValue { get; }

    /// <summary>f(x) per row.</summary>
    public double[] Margins { get; }

    /// <summary>Row-major φ, <see cref="Count"/> × <see cref="FeatureCount"/>.</summary>
    public double[] Phi { get; }

    /// <summary>φ of one row.</summary>
    public ReadOnlySpan<double> PhiOf(int row) => Phi.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>The explanation of one row (φ copied).</summary>
    public Explanation this[int row] => new(Margins[row], BaseValue, PhiOf(row).ToArray());

    /// <summary>Mean of f(x) over the rows (0 for none).</summary>
    public double MeanMargin => Count == 0 ? 0 : Margins.Average();

    /// <summary>Mean φ_j over the rows, per feature.</summary>
    public double[] MeanPhi()
    {
        var mean = new double[FeatureCount];
        for (var r = 0; r < Count; r++)
        {
            var row = PhiOf(r);
            for (var j = 0; j < FeatureCount; j++)
            {
                mean[j] += row[j];
            }
        }
        for (var j = 0; j < FeatureCount && Count > 0; j++)
        {
            mean[j] /= Count;
        }
        return mean;
    }
}
