using System.Text.Json;
using System.Text.Json.Serialization;
using LeadScoring.Core.Alerts;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>GET /api/alerts: the newest alerts, newest first.</summary>
public sealed record AlertListResponse([property: JsonPropertyName("alerts")] IReadOnlyList<AlertResponse> Alerts);

/// <summary>One alert instance: from firing to resolved, with the evidence it fired on.</summary>
public sealed record AlertResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("fired_at")] DateTime FiredAt,
    [property: JsonPropertyName("resolved_at")] DateTime? ResolvedAt,
    [property: JsonPropertyName("last_notified_at")] DateTime? LastNotifiedAt,
    [property: JsonPropertyName("evidence")] JsonElement Evidence,
    [property: JsonPropertyName("drift_run_id")] long? DriftRunId,
    [property: JsonPropertyName("acknowledged_by")] string? AcknowledgedBy,
    [property: JsonPropertyName("acknowledged_at")] DateTime? AcknowledgedAt,
    [property: JsonPropertyName("acknowledge_comment")] string? AcknowledgeComment,
    [property: JsonPropertyName("link")] string Link)
{
    public static AlertResponse From(AlertView a)
    {
        using var evidence = JsonDocument.Parse(a.EvidenceJson);
        return new(a.Id, a.Rule, a.Severity, a.State, DateTime.SpecifyKind(a.FiredAtUtc, DateTimeKind.Utc), Utc(a.ResolvedAtUtc),
            Utc(a.LastNotifiedAtUtc), evidence.RootElement.Clone(), a.DriftRunId, a.AcknowledgedBy, Utc(a.AcknowledgedAtUtc), a.AcknowledgeComment, a.Link);
    }

    private static DateTime? Utc(DateTime? t) => t is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}

/// <summary>POST /api/alerts/{id}/acknowledge body.</summary>
public sealed record AcknowledgeRequest([property: JsonPropertyName("comment")] string? Comment);

/// <summary>POST /api/alert-rules/{name}/silence body.</summary>
public sealed record SilenceRequest(
    [property: JsonPropertyName("until")] DateTimeOffset Until,
    [property: JsonPropertyName("comment")] string? Comment);

/// <summary>A silence in force.</summary>
public sealed record SilenceResponse(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("until")] DateTime Until,
    [property: JsonPropertyName("created_by")] string CreatedBy,
    [property: JsonPropertyName("comment")] string? Comment)
{
    public static SilenceResponse From(AlertSilenceView s) => new(s.Rule, DateTime.SpecifyKind(s.UntilUtc, DateTimeKind.Utc), s.CreatedBy, s.Comment);
}

/// <summary>PUT /api/alert-rules: how many rules are now stored.</summary>
public sealed record AlertRulesImportResponse([property: JsonPropertyName("rules")] int Rules);

/// <summary>OpenAPI shape of the rule document (<c>Engine/Alerts/README.md</c> lists every field).</summary>
public sealed record AlertRulesDocumentSchema(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("rules")] IReadOnlyList<JsonElement> Rules);
