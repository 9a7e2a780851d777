namespace LeadScoring.Core.Batches;

/// <summary>Limits of CSV uploads (configuration section "Uploads").</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>Largest accepted upload in MiB (a million raw leads with long summaries is ~520 MiB).</summary>
    public int MaxFileMegabytes { get; set; } = 512;

    /// <summary><see cref="MaxFileMegabytes"/> in bytes.</summary>
    public long MaxFileBytes => MaxFileMegabytes * 1024L * 1024;
}
