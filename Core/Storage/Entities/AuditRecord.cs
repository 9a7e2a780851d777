namespace LeadScoring.Core.Storage.Entities;

/// <summary>Who did which admin action, when, with what outcome.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTime TimestampUtc { get; set; }
    public string UserName { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Target { get; set; }
    public bool Succeeded { get; set; }
    public string? Detail { get; set; }
}
