namespace LeadScoring.Engine.Explanations;

/// <summary>
/// Interventional Shapley values by brute force, the reference the fast <see cref="Explainer"/> is tested against:
/// v(S) = mean_b f(x_S, b_rest) is evaluated by running the model on every hybrid row for every coalition S, and
/// φ_j = Σ_{S ∌ j} |S|!(n−|S|−1)!/n! · (v(S ∪ {j}) − v(S)). The players are the features whose (float32) value differs
/// between x and at least one background row; every other feature takes the same value in every hybrid row, so its φ
/// is 0. By default a feature no split uses is not a player either: it cannot change f, so it is a dummy with φ = 0
/// (the Shapley dummy axiom), and leaving it out does not change anyone's value. Cost 2^n · |B| model evaluations.
/// </summary>
public static class ExactShapley
{
    /// <summary>Largest number of players accepted by default (2^20 coalitions).</summary>
    public const int DefaultMaxPlayers = 20;

    /// <summary>The players for a row: differing features (and, unless asked otherwise, only split features).</summary>
    public static int[] Players(TreeEnsemble ensemble, ReadOnlySpan<double> x, FeatureRows background,
        bool splitFeaturesOnly = true)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(background);
        var candidates = splitFeaturesOnly ? ensemble.SplitFeatures : Enumerable.Range(0, ensemble.FeatureCount).ToArray();
        var players = new List<int>();
        foreach (var j in candidates)
        {
            var xj = (float)x[j];
            for (var r = 0; r < background.Count; r++)
            {
                if (!SameFloat(xj, (float)background.Row(r)[j]))
                {
                    players.Add(j);
                    break;
                }
            }
        }
        return [.. players];
    }

    /// <summary>φ per feature (model order) of row <paramref name="x"/> against <paramref name="background"/>.</summary>
    public static double[] Compute(TreeEnsemble ensemble, ReadOnlySpan<double> x, FeatureRows background,
        int maxPlayers = DefaultMaxPlayers, bool splitFeaturesOnly = true)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(background);
        if (x.Length != ensemble.FeatureCount || background.FeatureCount != ensemble.FeatureCount)
        {
            throw new ArgumentException("Rows and model have different feature counts.");
        }
        var players = Players(ensemble, x, background, splitFeaturesOnly);
        var n = players.Length;
        if (n > maxPlayers || n > 30)
        {
            throw new ArgumentException($"{n} players give 2^{n} coalitions, over the limit of {Math.Min(maxPlayers, 30)}.");
        }
        var value = CoalitionValues(ensemble, x, background, players);
        var phi = new double[ensemble.FeatureCount];
        for (var p = 0; p < n; p++)
        {
            var bit = 1 << p;
            var sum = 0.0;
            for (var s = 0; s < 1 << n; s++)
            {
                if ((s & bit) == 0)
                {
                    sum += ShapleyWeights.Coalition(System.Numerics.BitOperations.PopCount((uint)s), n) * (value[s | bit] - value[s]);
                }
            }
            phi[players[p]] = sum;
        }
        return phi;
    }

    /// <summary>v(S) for every coalition S (bit p = player p takes x's value), mean over the background.</summary>
    private static double[] CoalitionValues(TreeEnsemble ensemble, ReadOnlySpan<double> x, FeatureRows background,
        int[] players)
    {
        var n = players.Length;
        var value = new double[1 << n];
        var hybrid = new float[ensemble.FeatureCount];
        for (var r = 0; r < background.Count; r++)
        {
            var b = background.Row(r);
            for (var s = 0; s < 1 << n; s++)
            {
                for (var j = 0; j < hybrid.Length; j++)
                {
                    hybrid[j] = (float)b[j];
                }
                for (var p = 0; p < n; p++)
                {
                    if ((s & (1 << p)) != 0)
                    {
                        hybrid[players[p]] = (float)x[players[p]];
                    }
                }
                value[s] += ensemble.MarginOf(hybrid);
            }
        }
        for (var s = 0; s < value.Length; s++)
        {
            value[s] /= background.Count;
        }
        return value;
    }

    private static bool SameFloat(float a, float b) => a == b || (float.IsNaN(a) && float.IsNaN(b));
}
