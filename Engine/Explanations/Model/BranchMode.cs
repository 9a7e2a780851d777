namespace LeadScoring.Engine.Explanations;

/// <summary>How a split node compares a feature with its threshold (the ONNX <c>nodes_modes</c> values).</summary>
public enum BranchMode
{
    /// <summary>BRANCH_LEQ: true when x ≤ threshold.</summary>
    Leq,

    /// <summary>BRANCH_LT: true when x &lt; threshold.</summary>
    Lt,

    /// <summary>BRANCH_GTE: true when x ≥ threshold.</summary>
    Gte,

    /// <summary>BRANCH_GT: true when x &gt; threshold.</summary>
    Gt,

    /// <summary>BRANCH_EQ: true when x = threshold.</summary>
    Eq,

    /// <summary>BRANCH_NEQ: true when x ≠ threshold.</summary>
    Neq,
}

/// <summary>The split decision exactly as ONNX Runtime's tree kernels take it.</summary>
public static class BranchDecision
{
    /// <summary>
    /// Whether a row goes to the true child: the float32 comparison of the mode, or, for NaN when the node's
    /// <c>nodes_missing_value_tracks_true</c> is 1, true. A NaN compares false with everything, so without missing-value
    /// tracking it goes to the false child in every mode except BRANCH_NEQ (NaN ≠ t is true).
    /// </summary>
    public static bool GoesTrue(BranchMode mode, float x, float threshold, bool missingGoesTrue)
    {
        var result = mode switch
        {
            BranchMode.Leq => x <= threshold,
            BranchMode.Lt => x < threshold,
            BranchMode.Gte => x >= threshold,
            BranchMode.Gt => x > threshold,
            BranchMode.Eq => x == threshold,
            BranchMode.Neq => x != threshold,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown branch mode."),
        };
        return result || (missingGoesTrue && float.IsNaN(x));
    }

    /// <summary>The ONNX spelling of a mode, e.g. "BRANCH_LEQ".</summary>
    public static string OnnxName(BranchMode mode) => mode switch
    {
        BranchMode.Leq => "BRANCH_LEQ",
        BranchMode.Lt => "BRANCH_LT",
        BranchMode.Gte => "BRANCH_GTE",
        BranchMode.Gt => "BRANCH_GT",
        BranchMode.Eq => "BRANCH_EQ",
        BranchMode.Neq => "BRANCH_NEQ",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown branch mode."),
    };
}
