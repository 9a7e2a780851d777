using System.Numerics;

namespace LeadScoring.Engine.Explanations;

/// <summary>
/// One root-to-leaf path with its splits merged per feature ("slots"): a row satisfies slot s when every split of
/// the path on that feature sends it the path's way. The background is summarised as the distinct "b satisfies"
/// masks with their share of background rows; where the path has few slots, <see cref="Table"/> holds the leaf's
/// φ per slot for every possible x mask.
/// </summary>
internal sealed class LeafPath
{
    public required double Value { get; init; }

    /// <summary>Global node index of each split on the path, root first.</summary>
    public required int[] StepNodes { get; init; }

    /// <summary>The decision each split must take for the path.</summary>
    public required bool[] StepWantsTrue { get; init; }

    /// <summary>The slot (distinct path feature) each split belongs to.</summary>
    public required int[] StepSlots { get; init; }

    /// <summary>The feature of each slot.</summary>
    public required int[] SlotFeatures { get; init; }

    public int SlotCount => SlotFeatures.Length;

    public ulong Full => SlotCount == 64 ? ulong.MaxValue : (1UL << SlotCount) - 1;

    /// <summary>Distinct background masks and their weights (rows with the mask / all background rows).</summary>
    public ulong[] BackgroundMasks { get; set; } = [];

    public double[] BackgroundWeights { get; set; } = [];

    /// <summary>2^SlotCount rows of SlotCount values: the leaf's φ per slot for an x mask; null: use the fallback.</summary>
    public double[]? Table { get; set; }

    /// <summary>The satisfaction mask of a row from its split decisions.</summary>
    public ulong MaskOf(ReadOnlySpan<bool> decisions)
    {
        var mask = Full;
        for (var i = 0; i < StepNodes.Length; i++)
        {
            if (decisions[StepNodes[i]] != StepWantsTrue[i])
            {
                mask &= ~(1UL << StepSlots[i]);
            }
        }
        return mask;
    }

    /// <summary>Adds the leaf's mean φ over the background, per slot, for an x mask.</summary>
    public void Accumulate(ulong xMask, Span<double> slotPhi)
    {
        var full = Full;
        for (var k = 0; k < BackgroundMasks.Length; k++)
        {
            var bMask = BackgroundMasks[k];
            if ((xMask | bMask) != full)
            {
                continue; // some path feature is satisfied by neither x nor b: the leaf is never reached.
            }
            var onlyX = xMask & ~bMask;
            var onlyB = bMask & ~xMask;
            var a = BitOperations.PopCount(onlyX);
            var b = BitOperations.PopCount(onlyB);
            if (a + b == 0)
            {
                continue; // reached by every hybrid: part of the base value, no φ.
            }
            var scaled = BackgroundWeights[k] * Value;
            if (a > 0)
            {
                var gain = scaled * ShapleyWeights.Present(a, b);
                for (var bits = onlyX; bits != 0; bits &= bits - 1)
                {
                    slotPhi[BitOperations.TrailingZeroCount(bits)] += gain;
                }
            }
            if (b > 0)
            {
                var loss = scaled * ShapleyWeights.Absent(a, b);
                for (var bits = onlyB; bits != 0; bits &= bits - 1)
                {
                    slotPhi[BitOperations.TrailingZeroCount(bits)] -= loss;
                }
            }
        }
    }
}
