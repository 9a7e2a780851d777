namespace LeadScoring.Engine.Explanations;

/// <summary>Tuning of <see cref="Explainer"/>.</summary>
public sealed record ExplainerOptions
{
    /// <summary>
    /// Paths with at most this many distinct features get a lookup table of 2^k × k doubles (φ per x mask); longer
    /// paths iterate their distinct background masks for each row. Both give the same values.
    /// </summary>
    public int MaxTableFeatures { get; init; } = 8;
}

/// <summary>Sizes of an explainer's precomputation.</summary>
/// <param name="Leaves">Root-to-leaf paths over all trees.</param>
/// <param name="TableLeaves">Paths answered by table lookup.</param>
/// <param name="FallbackLeaves">Paths answered by iterating background masks.</param>
/// <param name="TableValues">Doubles held in tables.</param>
/// <param name="MaxPathFeatures">Most distinct features on one path.</param>
public sealed record ExplainerStatistics(int Leaves, int TableLeaves, int FallbackLeaves, long TableValues, int MaxPathFeatures);

/// <summary>
/// Exact interventional ("independent") TreeSHAP (Lundberg et al., Nature Machine Intelligence 2020) of a
/// <see cref="TreeEnsemble"/> against a fixed background set B, in margin space: φ_j(x) is the mean over b ∈ B of the
/// Shapley value of j in the game v(S) = f(x_S, b_rest). Then <see cref="BaseValue"/> = mean_b f(b) and
/// BaseValue + Σ_j φ_j(x) = f(x). Built once per (model, background) and immutable, so one instance serves every
/// thread. Cost per row: the split decisions of the row, then per leaf a mask and a table lookup.
/// </summary>
public sealed class Explainer
{
    /// <summary>Largest <see cref="ExplainerOptions.MaxTableFeatures"/>: 2^12 × 12 doubles (384 KiB) per leaf.</summary>
    public const int MaxTableFeaturesLimit = 12;

    private const long MaxPaths = 10_000_000;
    private readonly LeafPath[] _leaves;
    private readonly FlatLeaves _flat;

    private Explainer(TreeEnsemble ensemble, LeafPath[] leaves, int backgroundCount, double baseValue,
        ExplainerStatistics statistics)
    {
        Ensemble = ensemble;
        _leaves = leaves;
        BackgroundCount = backgroundCount;
        BaseValue = baseValue;
        Statistics = statistics;
        _flat = new FlatLeaves(ensemble, leaves);
    }

    /// <summary>The explained model.</summary>
    public TreeEnsemble Ensemble { get; }

    /// <summary>Number of background rows.</summary>
    public int BackgroundCount { get; }

    /// <summary>mean_b f(b), the margin every explanation starts from.</summary>
    public double BaseValue { get; }

    /// <summary>σ(<see cref="BaseValue"/>).</summary>
    public double BaseScore => TreeEnsemble.Sigmoid(BaseValue);

    /// <summary>Sizes of the precomputation.</summary>
    public ExplainerStatistics Statistics { get; }

    /// <summary>Precomputes the per-leaf background summaries and tables.</summary>
    public static Explainer Create(TreeEnsemble ensemble, FeatureRows background, ExplainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(background);
        options ??= new ExplainerOptions();
        if (background.FeatureCount != ensemble.FeatureCount)
        {
            throw new ArgumentException(
                $"Background rows have {background.FeatureCount} features; the model takes {ensemble.FeatureCount}.",
                nameof(background));
        }
        if (background.Count == 0)
        {
            throw new ArgumentException("The background set is empty.", nameof(background));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxTableFeatures);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxTableFeatures, MaxTableFeaturesLimit);
        var leaves = Paths(ensemble);

        var counts = leaves.Select(_ => new Dictionary<ulong, int>()).ToArray();
        var decisions = new bool[ensemble.NodeCount];
        var x = new float[ensemble.FeatureCount];
        var marginSum = 0.0;
        for (var r = 0; r < background.Count; r++)
        {
            Convert(background.Row(r), x);
            Decide(ensemble, x, decisions);
            marginSum += ensemble.MarginOf(x);
            for (var l = 0; l < leaves.Length; l++)
            {
                var mask = leaves[l].MaskOf(decisions);
                counts[l][mask] = counts[l].GetValueOrDefault(mask) + 1;
            }
        }

        long tableValues = 0;
        var tabled = 0;
        for (var l = 0; l < leaves.Length; l++)
        {
            var leaf = leaves[l];
            var ordered = counts[l].OrderBy(p => p.Key).ToArray();
            leaf.BackgroundMasks = [.. ordered.Select(p => p.Key)];
            leaf.BackgroundWeights = [.. ordered.Select(p => (double)p.Value / background.Count)];
            if (leaf.SlotCount <= options.MaxTableFeatures)
            {
                var k = leaf.SlotCount;
                var table = new double[(1 << k) * k];
                for (var xMask = 0; xMask < 1 << k; xMask++)
                {
                    leaf.Accumulate((ulong)xMask, table.AsSpan(xMask * k, k));
                }
                leaf.Table = table;
                tableValues += table.Length;
                tabled++;
            }
        }
        var statistics = new ExplainerStatistics(leaves.Length, tabled, leaves.Length - tabled, tableValues,
            leaves.Length == 0 ? 0 : leaves.Max(p => p.SlotCount));
        return new Explainer(ensemble, leaves, background.Count, marginSum / background.Count, statistics);
    }

    /// <summary>
    /// Writes φ of one row into <paramref name="phi"/> (length <see cref="TreeEnsemble.FeatureCount"/>, overwritten)
    /// and returns the row's margin f(x).
    /// </summary>
    public double Explain(ReadOnlySpan<double> row, Span<double> phi)
    {
        var workspace = new Workspace(Ensemble);
        return Explain(row, phi, workspace);
    }

    /// <summary>The explanation of one row.</summary>
    public Explanation Explain(ReadOnlySpan<double> row)
    {
        var phi = new double[Ensemble.FeatureCount];
        var margin = Explain(row, phi);
        return new Explanation(margin, BaseValue, phi);
    }

    /// <summary>Explains every row, in parallel over rows (−1: all cores).</summary>
    public ExplanationBatch ExplainMany(FeatureRows rows, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(rows);
        CheckWidth(rows.FeatureCount);
        var f = Ensemble.FeatureCount;
        var margins = new double[rows.Count];
        var phi = new double[rows.Count * f];
        // A few chunks per core: enough to balance, few enough to keep scheduling cheap.
        var chunk = Math.Max(16, rows.Count / (4 * Environment.ProcessorCount));
        var chunks = (rows.Count + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => new Workspace(Ensemble),
            (c, _, workspace) =>
            {
                var end = Math.Min(rows.Count, (c + 1) * chunk);
                for (var r = c * chunk; r < end; r++)
                {
                    margins[r] = Explain(rows.Row(r), phi.AsSpan(r * f, f), workspace);
                }
                return workspace;
            },
            _ => { });
        return new ExplanationBatch(f, BaseValue, margins, phi);
    }

    private double Explain(ReadOnlySpan<double> row, Span<double> phi, Workspace workspace)
    {
        CheckWidth(row.Length);
        if (phi.Length != Ensemble.FeatureCount)
        {
            throw new ArgumentException($"φ has {phi.Length} slots for {Ensemble.FeatureCount} features.", nameof(phi));
        }
        Convert(row, workspace.X);
        phi.Clear();
        _flat.Accumulate(workspace.X, workspace.Decisions, _leaves, workspace.Slots, phi);
        return Ensemble.MarginOf(workspace.X);
    }

    private void CheckWidth(int width)
    {
        if (width != Ensemble.FeatureCount)
        {
            throw new ArgumentException($"Rows have {width} features; the model takes {Ensemble.FeatureCount}.");
        }
    }

    private static void Convert(ReadOnlySpan<double> row, Span<float> x)
    {
        for (var i = 0; i < row.Length; i++)
        {
            x[i] = (float)row[i];
        }
    }

    private static void Decide(TreeEnsemble ensemble, ReadOnlySpan<float> x, Span<bool> decisions)
    {
        for (var node = 0; node < ensemble.NodeCount; node++)
        {
            if (!ensemble.IsLeaf(node))
            {
                decisions[node] = ensemble.GoesTrue(node, x[ensemble.FeatureOf(node)]);
            }
        }
    }

    /// <summary>Every root-to-leaf path, splits merged per feature into slots.</summary>
    private static LeafPath[] Paths(TreeEnsemble ensemble)
    {
        var result = new List<LeafPath>();
        var steps = new List<(int Node, bool WantsTrue)>();
        foreach (var root in ensemble.Roots)
        {
            Walk(root);
        }
        return [.. result];

        void Walk(int node)
        {
            if (ensemble.IsLeaf(node))
            {
                if (result.Count >= MaxPaths)
                {
                    throw new TreeEnsembleNotSupportedException($"the trees have more than {MaxPaths} leaf paths.");
                }
                result.Add(Path(ensemble, steps, ensemble.ValueOf(node)));
                return;
            }
            steps.Add((node, true));
            Walk(ensemble.TrueChildOf(node));
            steps[^1] = (node, false);
            Walk(ensemble.FalseChildOf(node));
            steps.RemoveAt(steps.Count - 1);
        }
    }

    private static LeafPath Path(TreeEnsemble ensemble, List<(int Node, bool WantsTrue)> steps, double value)
    {
        var slotOf = new Dictionary<int, int>();
        var slotFeatures = new List<int>();
        var stepSlots = new int[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var feature = ensemble.FeatureOf(steps[i].Node);
            if (!slotOf.TryGetValue(feature, out var slot))
            {
                slot = slotFeatures.Count;
                slotOf[feature] = slot;
                slotFeatures.Add(feature);
            }
            stepSlots[i] = slot;
        }
        if (slotFeatures.Count > ShapleyWeights.MaxPlayers)
        {
            throw new TreeEnsembleNotSupportedException(
                $"a tree path splits on {slotFeatures.Count} distinct features; at most {ShapleyWeights.MaxPlayers} are supported.");
        }
        return new LeafPath
        {
            Value = value,
            StepNodes = [.. steps.Select(s => s.Node)],
            StepWantsTrue = [.. steps.Select(s => s.WantsTrue)],
            StepSlots = stepSlots,
            SlotFeatures = [.. slotFeatures],
        };
    }

    private sealed class Workspace(TreeEnsemble ensemble)
    {
        public float[] X { get; } = new float[ensemble.FeatureCount];

        public byte[] Decisions { get; } = new byte[ensemble.NodeCount];

        public double[] Slots { get; } = new double[ShapleyWeights.MaxPlayers];
    }
}
