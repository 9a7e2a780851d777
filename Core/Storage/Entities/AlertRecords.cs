namespace LeadScoring.Core.Storage.Entities;

/// <summary>The alert rule set: one row holding the Engine's JSON document (<c>AlertRulesJson</c>), replaced as a whole.</summary>
public sealed class AlertRuleSetRecord
{
    public int Id { get; set; }
    public string Json { get; set; } = "";
    public DateTime UpdatedAtUtc { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>
/// One rule's persisted state machine (<c>AlertRuleState</c> as JSON) and its last reported status, so the state
/// survives restarts and a page can show every rule without evaluating.
/// </summary>
public sealed class AlertRuleStateRecord
{
    public string RuleName { get; set; } = "";

    /// <summary>Signal, window and threshold the state was built under; a different one drops the state.</summary>
    public string Fingerprint { get; set; } = "";
    public string StateJson { get; set; } = "";
    public DateTime? LastEvaluatedAtUtc { get; set; }
    public string LastStatus { get; set; } = "";
    public double? LastValue { get; set; }
    public long LastSample { get; set; }
    public string? LastReason { get; set; }

    /// <summary>Open alert (history row) of this rule while it fires.</summary>
    public long? OpenAlertId { get; set; }
}

/// <summary>One alert instance: from firing to resolved, with the evidence it fired on.</summary>
public sealed class AlertRecord
{
    public long Id { get; set; }
    public string RuleName { get; set; } = "";
    public string Severity { get; set; } = "";

    /// <summary>"firing" or "resolved".</summary>
    public string State { get; set; } = "";
    public DateTime FiredAtUtc { get; set; }
    public DateTime? ResolvedAtUtc { get; set; }
    public DateTime? LastNotifiedAtUtc { get; set; }

    /// <summary>The numbers, the window and the sample the rule fired on (JSON).</summary>
    public string EvidenceJson { get; set; } = "{}";
    public long? DriftRunId { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedAtUtc { get; set; }
    public string? AcknowledgeComment { get; set; }
}

/// <summary>A silenced rule: still evaluated and stored, not notified, until <see cref="UntilUtc"/>.</summary>
public sealed class AlertSilenceRecord
{
    public string RuleName { get; set; } = "";
    public DateTime UntilUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string? Comment { get; set; }
}
