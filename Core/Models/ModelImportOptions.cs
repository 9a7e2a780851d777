namespace LeadScoring.Core.Models;

/// <summary>Limits of the files an admin registers with an external model (configuration section "ModelImport").</summary>
public sealed class ModelImportOptions
{
    public const string SectionName = "ModelImport";

    /// <summary>Largest accepted target_encoding.json in MiB (the original's is a few KB).</summary>
    public int MaxTargetEncodingMegabytes { get; set; } = 10;

    /// <summary><see cref="MaxTargetEncodingMegabytes"/> in bytes.</summary>
    public long MaxTargetEncodingBytes => MaxTargetEncodingMegabytes * 1024L * 1024;
}
