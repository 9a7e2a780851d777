namespace LeadScoring.Core.Storage.Entities;

/// <summary>One health probe of the local or a remote prediction API.</summary>
public sealed class HealthProbeRecord
{
    public long Id { get; set; }
    public long TimestampMs { get; set; }

    /// <summary>"local" or the probed base URL.</summary>
    public string Target { get; set; } = "";
    public bool Healthy { get; set; }
    public string Status { get; set; } = "";
    public double DurationMs { get; set; }
    public string? Detail { get; set; }
}
