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
