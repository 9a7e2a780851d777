using System.Text.Json;
using System.Text.Json.Serialization;
using LeadScoring.Core.Shadow;
using LeadScoring.Engine.Performance.Shadow;
using LeadScoring.Engine.Training;

namespace LeadScoring.Core.Promotions;

/// <summary>DeLong's paired ROC AUC test as frozen in the evidence.</summary>
public sealed record RocAucEvidence(double ChampionAuc, double ChallengerAuc, double Difference, double PValue);

/// <summary>McNemar's test on the decisions as frozen in the evidence (b = only the champion right, c = only the challenger).</summary>
public sealed record DecisionsEvidence(long OnlyChampionCorrect, long OnlyChallengerCorrect, double PValue, string Method);

/// <summary>The shadow comparison of the promoted version with the champion at the moment of promotion.</summary>
public sealed record ShadowEvidence(int ChampionId, string ChampionLabel, int ChallengerId, string ChallengerLabel, DateTime FromUtc, DateTime ToUtc,
    long Pairs, long Labelled, int MinimumLabelled, double AgreementRate, double SpearmanRho, string Verdict, RocAucEvidence? RocAuc,
    DecisionsEvidence? Decisions)
{
    public static ShadowEvidence From(ChallengerComparison c, int minimumLabelled)
    {
        ArgumentNullException.ThrowIfNull(c);
        var tests = c.Result.Outcomes as PairedOutcomeTests;
        return new ShadowEvidence(c.ChampionId, c.ChampionLabel, c.ChallengerId, c.ChallengerLabel, c.FromUtc, c.ToUtc, c.Pairs,
            c.Result.Outcomes.Labelled, minimumLabelled, c.Result.Agreement.Rate, c.Result.Spearman.Rho, c.VerdictText(minimumLabelled),
            tests?.RocAuc is { } auc ? new RocAucEvidence(auc.ChampionAuc, auc.ChallengerAuc, auc.Difference, auc.PValue) : null,
            tests is null ? null : new DecisionsEvidence(tests.Decisions.Test.B, tests.Decisions.Test.C, tests.Decisions.PValue,
                tests.Decisions.Reported == McNemarMethod.Exact ? "exact" : "chi-square corrected"));
    }
}

/// <summary>A version at the moment of the change, with the holdout metrics the registry stores for it.</summary>
public sealed record VersionEvidence(int Id, string Label, string Name, double Threshold, HoldoutEvidence? Holdout);

/// <summary>The stored holdout evaluation (null metrics when the version has none).</summary>
public sealed record HoldoutEvidence(int Rows, int Positives, double RocAuc, double PrAuc, double F1, double Precision, double Recall)
{
    public static HoldoutEvidence? From(BinaryEvaluation? e) =>
        e is null ? null : new HoldoutEvidence(e.Rows, e.Positives, e.RocAuc, e.PrAuc, e.F1, e.Precision, e.Recall);
}

/// <summary>The latest window drift run (drift-runs store) at the moment of the change.</summary>
public sealed record DriftEvidence(long RunId, DateTime CreatedAtUtc, int? ModelVersionId, string? ModelVersion, string? ReferenceSha256, double DriftShare,
    string AlertLevel);

/// <summary>The champion's performance state (Core/Performance): CBPE estimate with its band, realized F1 when enough labels.</summary>
public sealed record PerformanceEvidence(string? Version, string? EstimatedBucket, double? EstimatedF1, double? EstimatedF1Lower, double? EstimatedF1Upper,
    string? RealizedBucket, double? RealizedF1, double? RealizedF1Lower, double? RealizedF1Upper, string? CbpeUnavailable);

/// <summary>The policy's verdict and whether an admin overrode it.</summary>
public sealed record PolicyEvidence(string Verdict, IReadOnlyList<string> Reasons, bool Overridden, string? OverrideReason);

/// <summary>What a champion change restored or reset: the new champion's reference and threshold, the alert rules re-baselined.</summary>
public sealed record RestoredEvidence(int? ReferenceRows, string? ReferenceSha256, double Threshold, IReadOnlyList<string> AlertRulesReset);

/// <summary>
/// The frozen evidence of one champion change (JSON, <see cref="CurrentSchemaVersion"/>): who, when, why, from → to,
/// both versions' holdout metrics, the shadow comparison, drift and performance state, the policy verdict.
/// </summary>
public sealed record PromotionEvidence(int SchemaVersion, string Kind, DateTime AtUtc, string By, string? Reason, VersionEvidence? From, VersionEvidence To,
    ShadowEvidence? Shadow, DriftEvidence? Drift, PerformanceEvidence? Performance, PolicyEvidence Policy, RestoredEvidence? Restored,
    IReadOnlyList<string> Notes)
{
    public const int CurrentSchemaVersion = 1;
    public const string PromotionKind = "promotion";
    public const string RollbackKind = "rollback";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PromotionEvidence? Parse(string json) => JsonSerializer.Deserialize<PromotionEvidence>(json, Json);
}
