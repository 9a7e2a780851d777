using LeadScoring.Core.Promotions;

namespace LeadScoring.Core.Tests.Promotions;

/// <summary>The promotion policy on fake shadow comparisons.</summary>
public sealed class PromotionPolicyTests
{
    private static readonly PromotionPolicyOptions On = new() { Enabled = true, MinShadowRequests = 1000, RequireNotWorse = true, Alpha = 0.05 };

    private static ShadowEvidence Shadow(long pairs, long labelled = 500, RocAucEvidence? auc = null, DecisionsEvidence? decisions = null) =>
        new(1, "v1", 2, "v2", DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(1), pairs, labelled, 100, 0.9, 0.8, "not worse", auc, decisions);

    [Fact]
    public void Off_AllowsAnything()
    {
        var decision = PromotionPolicy.Evaluate(new PromotionPolicyOptions(), null);
        Assert.Equal(PolicyDecision.Off, decision.Verdict);
        Assert.True(decision.Allows);
    }

    [Fact]
    public void TooFewShadowRequests_IsRefusedNamingBothNumbers()
    {
        var decision = PromotionPolicy.Evaluate(On, Shadow(312, auc: new RocAucEvidence(0.70, 0.71, 0.01, 0.6)));
        Assert.False(decision.Allows);
        Assert.Equal("shadow covers 312 requests, policy needs ≥ 1,000 (Promotion:Policy:MinShadowRequests)", Assert.Single(decision.Reasons));
    }

    [Fact]
    public void NoShadowRun_IsRefused()
    {
        var decision = PromotionPolicy.Evaluate(On, null);
        Assert.Equal(PolicyDecision.Failed, decision.Verdict);
        Assert.Contains("not scored in shadow", Assert.Single(decision.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void DeLongSignificantlyWorse_IsRefused_EvenWhenMcNemarIsNot()
    {
        var decision = PromotionPolicy.Evaluate(On, Shadow(5000, auc: new RocAucEvidence(0.75, 0.70, -0.05, 0.001),
            decisions: new DecisionsEvidence(10, 12, 0.8, "exact")));
        Assert.Contains("(DeLong)", Assert.Single(decision.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void DeLongNotSignificant_Passes()
    {
        var decision = PromotionPolicy.Evaluate(On, Shadow(5000, auc: new RocAucEvidence(0.75, 0.74, -0.01, 0.3),
            decisions: new DecisionsEvidence(40, 10, 0.0001, "chi-square corrected")));
        Assert.Equal(PolicyDecision.Passed, decision.Verdict);
    }

    [Fact]
    public void WithoutDeLong_McNemarDecides()
    {
        var worse = PromotionPolicy.Evaluate(On, Shadow(5000, decisions: new DecisionsEvidence(40, 10, 0.0001, "chi-square corrected")));
        Assert.Contains("(McNemar)", Assert.Single(worse.Reasons), StringComparison.Ordinal);
        var better = PromotionPolicy.Evaluate(On, Shadow(5000, decisions: new DecisionsEvidence(10, 40, 0.0001, "chi-square corrected")));
        Assert.True(better.Allows);
    }

    [Fact]
    public void TooFewLabelledPairs_IsRefusedWhenNotWorseIsRequired_AndAllowedWhenNot()
    {
        var refused = PromotionPolicy.Evaluate(On, Shadow(5000, labelled: 40));
        Assert.Contains("40 labelled shadow pairs", Assert.Single(refused.Reasons), StringComparison.Ordinal);
        var allowed = PromotionPolicy.Evaluate(new PromotionPolicyOptions { Enabled = true, MinShadowRequests = 1000, RequireNotWorse = false }, Shadow(5000, labelled: 40));
        Assert.True(allowed.Allows);
    }
}
