using System.Globalization;
using LeadScoring.Core.Alerts;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Models;
using LeadScoring.Core.Performance;
using LeadScoring.Core.Shadow;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Performance.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Promotions;

/// <summary>
/// Promotion and rollback with their evidence: gathers the numbers (holdout metrics, shadow comparison, latest window
/// drift run, performance state), applies the optional policy, then changes the champion through the registry with
/// the evidence record, an audit entry and the reset of the drift/performance alert baselines in the same transaction.
/// Authorization is the caller's job (the dashboard's AdminGuard).
/// </summary>
public sealed class PromotionService(ILeadScoringDbFactory dbFactory, ModelRegistry registry, AlertStore alerts, TimeProvider time,
    IOptionsMonitor<PromotionPolicyOptions>? policy = null, IOptionsMonitor<PromotionOptions>? options = null,
    ShadowComparisonService? shadow = null, IOptionsMonitor<ShadowOptions>? shadowOptions = null, DriftRunStore? driftRuns = null,
    PerformanceService? performance = null, ILogger<PromotionService>? logger = null)
{
    /// <summary>Longest reason (and override reason) accepted; the column holds this many characters.</summary>
    public const int MaxReasonLength = 500;

    private readonly ILogger _logger = logger ?? NullLogger<PromotionService>.Instance;

    /// <summary>Promotes <see cref="PromotionRequest.VersionId"/> when the policy allows it (or an override reason is given).</summary>
    /// <exception cref="PromotionRequestException">Missing or too long reason.</exception>
    /// <exception cref="PromotionRefusedException">The policy refused and no override reason was given.</exception>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    public async Task<ChampionChangeResult> PromoteAsync(PromotionRequest request, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = CheckReason(request.Reason, "reason", required: true)!;
        var overrideReason = CheckReason(request.OverrideReason, "overrideReason", required: false);
        var versions = await registry.ListAsync(cancellationToken);
        var target = versions.FirstOrDefault(v => v.Id == request.VersionId) ?? throw new KeyNotFoundException($"Model version {request.VersionId} does not exist.");
        if (target.Status == ModelStatus.Champion)
        {
            throw new PromotionRequestException("versionId", $"{target.Label} is already the champion.");
        }
        var from = versions.FirstOrDefault(v => v.Status == ModelStatus.Champion);
        var notes = new List<string>();
        var shadowEvidence = await ShadowAsync(target.Id, notes, cancellationToken);
        var decision = PromotionPolicy.Evaluate(policy?.CurrentValue ?? new PromotionPolicyOptions(), shadowEvidence);
        if (!decision.Allows && overrideReason is null)
        {
            throw new PromotionRefusedException(decision.Reasons);
        }
        var overridden = !decision.Allows;
        var policyEvidence = new PolicyEvidence(decision.Verdict, decision.Reasons, overridden, overridden ? overrideReason : null);
        return await ChangeAsync(PromotionEvidence.PromotionKind, target, from, by, reason, shadowEvidence, policyEvidence, notes, cancellationToken);
    }

    /// <summary>Returns to the previous champion (its reference, threshold; alert baselines reset); null when there is none.</summary>
    public async Task<ChampionChangeResult?> RollbackAsync(string by, string? reason = null, CancellationToken cancellationToken = default)
    {
        var checkedReason = CheckReason(reason, "reason", required: false);
        if (await registry.RollbackTargetAsync(cancellationToken) is not { } targetId)
        {
            return null;
        }
        var versions = await registry.ListAsync(cancellationToken);
        var target = versions.Single(v => v.Id == targetId);
        var from = versions.FirstOrDefault(v => v.Status == ModelStatus.Champion);
        var notes = new List<string>();
        var shadowEvidence = await ShadowAsync(target.Id, notes, cancellationToken);
        var policyEvidence = new PolicyEvidence(PolicyDecision.NotApplicable, [], false, null);
        return await ChangeAsync(PromotionEvidence.RollbackKind, target, from, by, checkedReason, shadowEvidence, policyEvidence, notes, cancellationToken);
    }

    /// <summary>The newest records, at most <c>Promotion:MaxListed</c>.</summary>
    public async Task<IReadOnlyList<PromotionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var max = Math.Max(1, options?.CurrentValue.MaxListed ?? new PromotionOptions().MaxListed);
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.Promotions.AsNoTracking().OrderByDescending(p => p.Id).Take(max).Select(p => new PromotionRecord
        {
            Id = p.Id, Kind = p.Kind, CreatedAtUtc = p.CreatedAtUtc, CreatedBy = p.CreatedBy, FromVersionId = p.FromVersionId, FromLabel = p.FromLabel,
            ToVersionId = p.ToVersionId, ToLabel = p.ToLabel, Reason = p.Reason, PolicyVerdict = p.PolicyVerdict, Overridden = p.Overridden,
        }).ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    /// <summary>One record with its evidence; null when none has that id.</summary>
    public async Task<StoredPromotion?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var row = await db.Promotions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return row is null ? null : new StoredPromotion(Summary(row), row.EvidenceJson);
    }

    private async Task<ChampionChangeResult> ChangeAsync(string kind, ModelVersionInfo target, ModelVersionInfo? from, string by, string? reason,
        ShadowEvidence? shadowEvidence, PolicyEvidence policyEvidence, List<string> notes, CancellationToken cancellationToken)
    {
        var drift = await DriftAsync(notes, cancellationToken);
        var health = await PerformanceAsync(notes, cancellationToken);
        // Read before the transaction: the rule set may be seeded on first read, and the reference is cached afterwards anyway.
        var rules = await alerts.RulesAsync(cancellationToken);
        var reference = await registry.DriftReferenceAsync(target.Id, cancellationToken);
        PromotionEvidence? evidence = null;
        long recordId = 0;
        var champion = await registry.PromoteAsync(target.Id, async (change, ct) =>
        {
            if (change.Previous?.Id != from?.Id)
            {
                throw new InvalidOperationException("The champion changed while the evidence was gathered; nothing was changed. Try again.");
            }
            var now = time.GetUtcNow().UtcDateTime;
            var reset = await AlertStore.ResetModelBaselinesAsync(change.Db, rules, now, ct);
            var restored = new RestoredEvidence(reference?.RowCount, reference is null ? null : DriftRunRecords.ReferenceHash(reference),
                change.Target.DecisionThreshold, reset);
            evidence = new PromotionEvidence(PromotionEvidence.CurrentSchemaVersion, kind, now, by, reason, Version(from), Version(change.Target)!,
                shadowEvidence, drift, health, policyEvidence, restored, notes);
            var record = new PromotionRecord
            {
                Kind = kind, CreatedAtUtc = now, CreatedBy = by, FromVersionId = from?.Id, FromLabel = from?.Label, ToVersionId = target.Id,
                ToLabel = target.Label, Reason = reason, PolicyVerdict = policyEvidence.Verdict, Overridden = policyEvidence.Overridden,
                EvidenceJson = evidence.ToJson(),
            };
            change.Db.Promotions.Add(record);
            await change.Db.SaveChangesAsync(ct);
            recordId = record.Id;
            change.Db.AuditLog.Add(new AuditRecord
            {
                TimestampUtc = now, UserName = by, Action = kind == PromotionEvidence.RollbackKind ? "model.rollback.evidence" : "model.promote.evidence",
                Target = $"promotion {record.Id.ToString(CultureInfo.InvariantCulture)} ({from?.Label ?? "none"} -> {target.Label})", Succeeded = true,
                Detail = Shorten($"policy {policyEvidence.Verdict}{(policyEvidence.Overridden ? " overridden: " + policyEvidence.OverrideReason : "")}; reason: {reason ?? "-"}"),
            });
            await change.Db.SaveChangesAsync(ct);
        }, cancellationToken);
        return new ChampionChangeResult(champion, recordId, evidence!);
    }

    private async Task<ShadowEvidence?> ShadowAsync(int targetId, List<string> notes, CancellationToken cancellationToken)
    {
        if (shadow is null)
        {
            return null;
        }
        try
        {
            var comparison = await shadow.CompareAsync(cancellationToken: cancellationToken);
            return comparison is not null && comparison.ChallengerId == targetId
                ? ShadowEvidence.From(comparison, shadowOptions?.CurrentValue.MinimumLabelled ?? new ShadowOptions().MinimumLabelled)
                : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unavailable<ShadowEvidence>(e, "shadow comparison", notes);
        }
    }

    private async Task<DriftEvidence?> DriftAsync(List<string> notes, CancellationToken cancellationToken)
    {
        try
        {
            return driftRuns is not null && await driftRuns.LatestAsync(DriftRunKind.Window, cancellationToken) is { } run
                ? new DriftEvidence(run.Id, run.CreatedAtUtc, run.ModelVersionId, run.ModelVersion, run.ReferenceHash, run.DriftShare, run.AlertLevel)
                : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unavailable<DriftEvidence>(e, "drift state", notes);
        }
    }

    private async Task<PerformanceEvidence?> PerformanceAsync(List<string> notes, CancellationToken cancellationToken)
    {
        try
        {
            if (performance is null)
            {
                return null;
            }
            var h = await performance.HealthAsync(cancellationToken);
            var realized = h.RealizedF1 as MetricEstimate;
            return new PerformanceEvidence(h.Version, h.EstimatedBucket, h.Estimated?.Estimated.F1, h.Estimated?.LowerConfidenceBound.F1,
                h.Estimated?.UpperConfidenceBound.F1, h.RealizedBucket, realized?.Value, realized?.Lower, realized?.Upper, h.CbpeUnavailable);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unavailable<PerformanceEvidence>(e, "performance state", notes);
        }
    }

    // Evidence is gathered best effort: a rollback must not be blocked because a report could not be computed.
    private T? Unavailable<T>(Exception e, string what, List<string> notes) where T : class
    {
        _logger.LogWarning(e, "The {What} could not be gathered for the promotion evidence", what);
        notes.Add($"{what} unavailable ({e.GetType().Name})");
        return null;
    }

    private static VersionEvidence? Version(ModelVersionInfo? v) => v is null
        ? null
        : new VersionEvidence(v.Id, v.Label, v.Name, v.DecisionThreshold, HoldoutEvidence.From(ModelMetrics.Parse(v.MetricsJson).Holdout));

    private static string? CheckReason(string? text, string field, bool required)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return required ? throw new PromotionRequestException(field, $"'{field}' is required: say why this version should serve.") : null;
        }
        if (trimmed.Length > MaxReasonLength)
        {
            throw new PromotionRequestException(field, $"'{field}' may be at most {MaxReasonLength} characters ({trimmed.Length} given).");
        }
        return trimmed;
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];

    private static PromotionSummary Summary(PromotionRecord p) => new(p.Id, p.Kind, p.CreatedAtUtc, p.CreatedBy, p.FromVersionId, p.FromLabel,
        p.ToVersionId, p.ToLabel, p.Reason, p.PolicyVerdict, p.Overridden);
}
