namespace LeadScoring.Engine.Explanations;

/// <summary>One feature's or raw column's contribution.</summary>
/// <param name="Name">Feature or raw column name.</param>
/// <param name="Phi">φ in margin (log-odds) space.</param>
/// <param name="PercentagePoints">Its share of the score change, in percentage points (see <see cref="PercentagePoints"/>).</param>
public sealed record Contribution(string Name, double Phi, double PercentagePoints);

/// <summary>
/// Converts margin contributions into percentage points of score by a proportional split: with Δ = Σφ and
/// ΔP = σ(base + Δ) − σ(base), contribution j gets 100·ΔP·φ_j/Δ (at Δ = 0 the limit 100·σ'(base)·φ_j). The points
/// then add up exactly to 100·(score − σ(base)), each keeps the sign of its φ (σ is increasing), and contributions in
/// the same ratio of margin get points in the same ratio. A sequential "remove j last" change would not add up.
/// </summary>
public static class PercentagePoints
{
    /// <summary>Percentage points per unit of margin for a row with this base value and total Σφ.</summary>
    public static double PerMarginUnit(double baseValue, double sumPhi)
    {
        if (sumPhi == 0)
        {
            var p = TreeEnsemble.Sigmoid(baseValue);
            return 100 * p * (1 - p);
        }
        return 100 * (TreeEnsemble.Sigmoid(baseValue + sumPhi) - TreeEnsemble.Sigmoid(baseValue)) / sumPhi;
    }

    /// <summary>The points of every contribution of one row.</summary>
    public static double[] Split(double baseValue, ReadOnlySpan<double> phi)
    {
        var sum = 0.0;
        foreach (var value in phi)
        {
            sum += value;
        }
        var scale = PerMarginUnit(baseValue, sum);
        var result = new double[phi.Length];
        for (var j = 0; j < phi.Length; j++)
        {
            result[j] = phi[j] * scale;
        }
        return result;
    }
}

/// <summary>
/// A lead's explanation for display: score, base value, and the contributions per model feature and per raw column,
/// each in margin space and in percentage points of score.
/// </summary>
public sealed class LeadExplanation
{
    private LeadExplanation(Explanation explanation, IReadOnlyList<Contribution> features,
        IReadOnlyList<Contribution> rawColumns)
    {
        Explanation = explanation;
        Features = features;
        RawColumns = rawColumns;
    }

    /// <summary>The underlying margin-space explanation.</summary>
    public Explanation Explanation { get; }

    /// <summary>σ(f(x)), the lead's score.</summary>
    public double Score => Explanation.Score;

    /// <summary>f(x).</summary>
    public double Margin => Explanation.Margin;

    /// <summary>mean_b f(b).</summary>
    public double BaseValue => Explanation.BaseValue;

    /// <summary>σ(BaseValue), the score every explanation starts from.</summary>
    public double BaseScore => Explanation.BaseScore;

    /// <summary>Per model feature, in model order.</summary>
    public IReadOnlyList<Contribution> Features { get; }

    /// <summary>Per raw column (group), in grouping order.</summary>
    public IReadOnlyList<Contribution> RawColumns { get; }

    /// <summary>Builds the display form of an explanation.</summary>
    public static LeadExplanation Create(Explanation explanation, FeatureGrouping grouping)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(grouping);
        var phi = explanation.Phi;
        var scale = PercentagePoints.PerMarginUnit(explanation.BaseValue, phi.Sum());
        var features = phi.Select((v, j) => new Contribution(grouping.FeatureNames[j], v, v * scale)).ToArray();
        var groups = grouping.Sum(phi).Select((v, g) => new Contribution(grouping.GroupNames[g], v, v * scale)).ToArray();
        return new LeadExplanation(explanation, features, groups);
    }

    /// <summary>Contributions by decreasing |φ| (ties by name), optionally only the first <paramref name="top"/>.</summary>
    public static IReadOnlyList<Contribution> ByMagnitude(IEnumerable<Contribution> contributions, int? top = null)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var sorted = contributions.OrderByDescending(c => Math.Abs(c.Phi)).ThenBy(c => c.Name, StringComparer.Ordinal);
        return top is { } n ? [.. sorted.Take(n)] : [.. sorted];
    }
}
