namespace LeadScoring.Core.Storage.Entities;

/// <summary>One HTTP request to the prediction API.</summary>
public sealed class ApiRequestRecord
{
    public long Id { get; set; }
    public long TimestampMs { get; set; }
    public string Method { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public int StatusCode { get; set; }
    public double DurationMs { get; set; }
}
