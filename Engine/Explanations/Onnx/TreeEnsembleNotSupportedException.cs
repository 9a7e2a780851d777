namespace LeadScoring.Engine.Explanations;

/// <summary>
/// The ONNX model is not a tree ensemble this engine can explain exactly. <see cref="Reason"/> says why in one
/// sentence; the message starts with "Explanations are not available for this model" so the UI can show it as is.
/// </summary>
public sealed class TreeEnsembleNotSupportedException : NotSupportedException
{
    /// <summary>Creates the exception for a reason sentence.</summary>
    public TreeEnsembleNotSupportedException(string reason)
        : base("Explanations are not available for this model: " + reason)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception for a reason sentence and its cause.</summary>
    public TreeEnsembleNotSupportedException(string reason, Exception inner)
        : base("Explanations are not available for this model: " + reason, inner)
    {
        Reason = reason;
    }

    /// <summary>Why the model was refused, e.g. "the graph contains a 'Softmax' node …".</summary>
    public string Reason { get; }
}
