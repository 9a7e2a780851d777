namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// What became of a lead (converted or not), as a client reported it, and the prediction it labels: the lead's latest
/// prediction made before the outcome was observed. One per lead: a second report replaces the first.
/// </summary>
public sealed class OutcomeRecord
{
    public long Id { get; set; }

    /// <summary>The client's key for the lead (lead_id).</summary>
    public string LeadId { get; set; } = "";

    public bool Converted { get; set; }

    /// <summary>When the outcome happened (Unix ms UTC).</summary>
    public long ObservedAtMs { get; set; }

    /// <summary>When the report arrived (Unix ms UTC).</summary>
    public long ReceivedAtMs { get; set; }

    /// <summary>The prediction this outcome labels.</summary>
    public long PredictionId { get; set; }

    /// <summary>Who reported it (user name or "api-key:NAME").</summary>
    public string ReceivedBy { get; set; } = "";
}
