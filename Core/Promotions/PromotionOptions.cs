namespace LeadScoring.Core.Promotions;

/// <summary>Section <c>Promotion:Policy</c>: what a promotion must show before it is allowed (off by default).</summary>
public sealed class PromotionPolicyOptions
{
    public const string SectionName = "Promotion:Policy";

    /// <summary>When false every promotion passes (its verdict is recorded as "off").</summary>
    public bool Enabled { get; set; }

    /// <summary>Paired shadow requests (champion and this version on the same live lead) a promotion needs.</summary>
    public long MinShadowRequests { get; set; } = 1000;

    /// <summary>Refuse a version significantly worse than the champion on the labelled shadow pairs.</summary>
    public bool RequireNotWorse { get; set; } = true;

    /// <summary>Significance level of the not-worse test.</summary>
    public double Alpha { get; set; } = 0.05;
}

/// <summary>Section <c>Promotion</c>: listing limits of the promotion records.</summary>
public sealed class PromotionOptions
{
    public const string SectionName = "Promotion";

    /// <summary>Promotion records listed at most (newest first).</summary>
    public int MaxListed { get; set; } = 200;
}
