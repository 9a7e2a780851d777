using System.Text.Json.Serialization;
using LeadScoring.Core.Outcomes;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>POST /api/outcomes: what the call's outcomes did.</summary>
public sealed record OutcomeResponse(
    [property: JsonPropertyName("received")] int Received,
    [property: JsonPropertyName("matched")] int Matched,
    [property: JsonPropertyName("updated")] int Updated,
    [property: JsonPropertyName("unmatched")] UnmatchedOutcomes Unmatched,
    [property: JsonPropertyName("invalid")] IReadOnlyList<CsvIssueContract> Invalid)
{
    public static OutcomeResponse From(OutcomeReport r) =>
        new(r.Received, r.Matched, r.Updated, new UnmatchedOutcomes(r.UnmatchedCount, r.Unmatched), []);
}

/// <summary>Outcomes whose lead has no prediction made before the outcome: counted, the first 100 listed.</summary>
public sealed record UnmatchedOutcomes(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("lead_ids")] IReadOnlyList<string> LeadIds);

/// <summary>One outcome in a JSON body (documentation of the request shape).</summary>
public sealed record OutcomeRequestItem(
    [property: JsonPropertyName("lead_id")] string LeadId,
    [property: JsonPropertyName("converted")] bool Converted,
    [property: JsonPropertyName("observed_at")] DateTimeOffset? ObservedAt);
