namespace LeadScoring.Core.Batches;

/// <summary>Limits of CSV uploads (configuration section "Uploads").</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>Largest accepted upload in MiB (a million raw leads with long summaries is ~520 MiB: raise it for those).</summary>
    public int MaxFileMegabytes { get; set; } = 200;

    /// <summary>Most data rows in one upload; a longer file is refused, naming this limit, and nothing of it is stored.</summary>
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>Uploads one user (or API key) may run at once.</summary>
    public int MaxConcurrentPerUser { get; set; } = 2;

    /// <summary>Uploads the server runs at once, all users together.</summary>
    public int MaxConcurrentTotal { get; set; } = 4;

    /// <summary><see cref="MaxFileMegabytes"/> in bytes.</summary>
    public long MaxFileBytes => MaxFileMegabytes * 1024L * 1024;
}
