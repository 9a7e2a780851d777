namespace LeadScoring.Engine.Explanations;

/// <summary>
/// The explain-time form of an explainer's leaves: split nodes and path steps in flat arrays and every table in one
/// array, so explaining a row is one pass over the splits (decisions) and one over the leaves (mask, lookup, add).
/// </summary>
internal sealed class FlatLeaves
{
    private readonly int[] _splitFeature;
    private readonly float[] _splitThreshold;
    private readonly BranchMode[] _splitMode;
    private readonly bool[] _splitMissingTrue;
    private readonly int[] _stepStart;
    private readonly int[] _stepSplit;
    private readonly byte[] _stepWant;
    private readonly byte[] _stepSlot;
    private readonly int[] _slotStart;
    private readonly int[] _slotFeature;
    private readonly int[] _tableOffset;
    private readonly double[] _tables;

    public FlatLeaves(TreeEnsemble ensemble, LeafPath[] leaves)
    {
        // Split nodes get compact indices 0..S−1.
        var compact = new int[ensemble.NodeCount];
        var splits = new List<int>();
        for (var node = 0; node < ensemble.NodeCount; node++)
        {
            compact[node] = ensemble.IsLeaf(node) ? -1 : splits.Count;
            if (!ensemble.IsLeaf(node))
            {
                splits.Add(node);
            }
        }
        _splitFeature = [.. splits.Select(ensemble.FeatureOf)];
        _splitThreshold = [.. splits.Select(ensemble.ThresholdOf)];
        _splitMode = [.. splits.Select(ensemble.ModeOf)];
        _splitMissingTrue = [.. splits.Select(ensemble.MissingGoesTrueOf)];

        _stepStart = new int[leaves.Length + 1];
        _slotStart = new int[leaves.Length + 1];
        _tableOffset = new int[leaves.Length];
        for (var l = 0; l < leaves.Length; l++)
        {
            _stepStart[l + 1] = _stepStart[l] + leaves[l].StepNodes.Length;
            _slotStart[l + 1] = _slotStart[l] + leaves[l].SlotCount;
        }
        _stepSplit = new int[_stepStart[^1]];
        _stepWant = new byte[_stepStart[^1]];
        _stepSlot = new byte[_stepStart[^1]];
        _slotFeature = new int[_slotStart[^1]];
        var tables = new List<double>();
        for (var l = 0; l < leaves.Length; l++)
        {
            var leaf = leaves[l];
            for (var i = 0; i < leaf.StepNodes.Length; i++)
            {
                _stepSplit[_stepStart[l] + i] = compact[leaf.StepNodes[i]];
                _stepWant[_stepStart[l] + i] = leaf.StepWantsTrue[i] ? (byte)1 : (byte)0;
                _stepSlot[_stepStart[l] + i] = (byte)leaf.StepSlots[i];
            }
            leaf.SlotFeatures.CopyTo(_slotFeature, _slotStart[l]);
            _tableOffset[l] = leaf.Table is null ? -1 : tables.Count;
            tables.AddRange(leaf.Table ?? []);
        }
        _tables = [.. tables];
    }

    /// <summary>Adds every leaf's φ for the row <paramref name="x"/> into <paramref name="phi"/>.</summary>
    public void Accumulate(ReadOnlySpan<float> x, Span<byte> decisions, LeafPath[] leaves, double[] slots, Span<double> phi)
    {
        for (var s = 0; s < _splitFeature.Length; s++)
        {
            decisions[s] = BranchDecision.GoesTrue(_splitMode[s], x[_splitFeature[s]], _splitThreshold[s], _splitMissingTrue[s])
                ? (byte)1
                : (byte)0;
        }
        var tables = _tables;
        for (var l = 0; l < _tableOffset.Length; l++)
        {
            var slotStart = _slotStart[l];
            var k = _slotStart[l + 1] - slotStart;
            if (k == 0)
            {
                continue;
            }
            var mask = k == 64 ? ulong.MaxValue : (1UL << k) - 1;
            for (var i = _stepStart[l]; i < _stepStart[l + 1]; i++)
            {
                mask &= ~((ulong)(decisions[_stepSplit[i]] ^ _stepWant[i]) << _stepSlot[i]);
            }
            var offset = _tableOffset[l];
            if (offset >= 0)
            {
                var row = offset + (int)mask * k;
                for (var t = 0; t < k; t++)
                {
                    phi[_slotFeature[slotStart + t]] += tables[row + t];
                }
                continue;
            }
            var buffer = slots.AsSpan(0, k);
            buffer.Clear();
            leaves[l].Accumulate(mask, buffer);
            for (var t = 0; t < k; t++)
            {
                phi[_slotFeature[slotStart + t]] += buffer[t];
            }
        }
    }
}
