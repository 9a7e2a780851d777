using System.Globalization;

namespace LeadScoring.Core.Promotions;

/// <summary>The policy's answer: a verdict ("off", "passed", "failed") and, when failed, every reason.</summary>
public sealed record PolicyDecision(string Verdict, IReadOnlyList<string> Reasons)
{
    public const string Off = "off";
    public const string Passed = "passed";
    public const string Failed = "failed";

    /// <summary>Rollbacks are not judged: returning to a known version is the way out of a bad promotion.</summary>
    public const string NotApplicable = "not applicable";

    public bool Allows => Verdict != Failed;
}

/// <summary>
/// Decides whether a promotion may go ahead on its shadow evidence. The not-worse test is DeLong's paired ROC AUC
/// test when the labelled pairs allow it (both classes ≥ 2), else McNemar's test on the decisions; with too few
/// labelled pairs for either, "not worse" is not shown and the promotion is refused.
/// </summary>
public static class PromotionPolicy
{
    public static PolicyDecision Evaluate(PromotionPolicyOptions options, ShadowEvidence? shadow)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return new PolicyDecision(PolicyDecision.Off, []);
        }
        var reasons = new List<string>();
        var min = options.MinShadowRequests.ToString("N0", CultureInfo.InvariantCulture);
        if (shadow is null)
        {
            reasons.Add($"the version was not scored in shadow; policy needs ≥ {min} shadow requests (Promotion:Policy:MinShadowRequests)");
        }
        else if (shadow.Pairs < options.MinShadowRequests)
        {
            reasons.Add($"shadow covers {shadow.Pairs.ToString("N0", CultureInfo.InvariantCulture)} requests, policy needs ≥ {min} (Promotion:Policy:MinShadowRequests)");
        }
        if (options.RequireNotWorse && shadow is not null && NotWorseProblem(shadow, options.Alpha) is { } problem)
        {
            reasons.Add(problem);
        }
        return new PolicyDecision(reasons.Count == 0 ? PolicyDecision.Passed : PolicyDecision.Failed, reasons);
    }

    private static string? NotWorseProblem(ShadowEvidence shadow, double alpha)
    {
        var a = alpha.ToString("0.###", CultureInfo.InvariantCulture);
        if (shadow.RocAuc is { } auc)
        {
            return auc.PValue < alpha && auc.Difference < 0
                ? string.Create(CultureInfo.InvariantCulture,
                    $"significantly worse (DeLong): ROC AUC {auc.ChallengerAuc:0.000} vs the champion's {auc.ChampionAuc:0.000}, p = {auc.PValue:0.####} < {a}")
                : null;
        }
        if (shadow.Decisions is { } d)
        {
            return d.PValue < alpha && d.OnlyChampionCorrect > d.OnlyChallengerCorrect
                ? string.Create(CultureInfo.InvariantCulture,
                    $"significantly worse (McNemar): only the champion right on {d.OnlyChampionCorrect} leads, only this version on {d.OnlyChallengerCorrect}, p = {d.PValue:0.####} < {a}")
                : null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"not shown to be not worse: {shadow.Labelled} labelled shadow pairs, the paired tests need ≥ {shadow.MinimumLabelled} (Shadow:MinimumLabelled)");
    }
}
