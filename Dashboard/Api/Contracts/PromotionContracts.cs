using LeadScoring.Core.Promotions;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>One champion change in <c>GET /api/models/promotions</c>.</summary>
public sealed record PromotionSummaryResponse(long Id, string Kind, DateTime CreatedAtUtc, string CreatedBy, int? FromVersionId, string? FromVersion,
    int ToVersionId, string ToVersion, string? Reason, string PolicyVerdict, bool Overridden, string Evidence)
{
    public static PromotionSummaryResponse Create(PromotionSummary s) => new(s.Id, s.Kind, DateTime.SpecifyKind(s.CreatedAtUtc, DateTimeKind.Utc), s.CreatedBy,
        s.FromVersionId, s.FromLabel, s.ToVersionId, s.ToLabel, s.Reason, s.PolicyVerdict, s.Overridden, $"/api/models/promotions/{s.Id}");
}

/// <summary>The promotions list, newest first (at most <c>Promotion:MaxListed</c>).</summary>
public sealed record PromotionListResponse(IReadOnlyList<PromotionSummaryResponse> Promotions);

/// <summary>Body of <c>POST /api/models/{id}/promote</c> and <c>POST /api/models/rollback</c>.</summary>
public sealed record ChampionChangeRequest(string? Reason, string? OverrideReason = null);

/// <summary>The champion after a promotion or rollback through the API, with its evidence record.</summary>
public sealed record ChampionChangeResponse(int VersionId, string Version, long PromotionId, string Message, string Evidence)
{
    public static ChampionChangeResponse Create(ChampionChangeResult r) =>
        new(r.Champion.Id, r.Champion.Label, r.RecordId, r.Describe(), $"/api/models/promotions/{r.RecordId}");
}
