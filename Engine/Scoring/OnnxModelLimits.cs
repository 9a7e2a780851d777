namespace LeadScoring.Engine.Scoring;

/// <summary>What an uploaded ONNX model may hold (configuration section "ModelImport"); see <see cref="OnnxModelInspector"/>.</summary>
public sealed class OnnxModelLimits
{
    public const string SectionName = "ModelImport";

    /// <summary>Largest accepted ONNX file.</summary>
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Most nodes over the main graph and all its subgraphs (a tree ensemble is one node).</summary>
    public int MaxNodes { get; set; } = 10_000;

    /// <summary>How deep subgraphs (If/Loop/Scan bodies) may nest inside the main graph.</summary>
    public int MaxSubgraphDepth { get; set; } = 4;
}
