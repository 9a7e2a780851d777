using System.Globalization;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Alerts;

/// <summary>A stored alert as the API and pages show it.</summary>
public sealed record AlertView(long Id, string Rule, string Severity, string State, DateTime FiredAtUtc, DateTime? ResolvedAtUtc,
    DateTime? LastNotifiedAtUtc, string EvidenceJson, long? DriftRunId, string? AcknowledgedBy, DateTime? AcknowledgedAtUtc,
    string? AcknowledgeComment, string Link);

/// <summary>An active silence.</summary>
public sealed record AlertSilenceView(string Rule, DateTime UntilUtc, string CreatedBy, DateTime CreatedAtUtc, string? Comment);

/// <summary>Why a silence or acknowledgement was refused; the message is for users.</summary>
public sealed class AlertRequestException(string field, string message) : Exception(message)
{
    /// <summary>The request field at fault (e.g. "until").</summary>
    public string Field { get; } = field;
}

/// <summary>
/// The alert rules (seeded with <see cref="DefaultAlertRules.All"/> on first use), history, acknowledgements and
/// silences in the store. Every change is written to the audit log in the same save.
/// </summary>
public sealed class AlertStore(ILeadScoringDbFactory dbFactory, TimeProvider time, IOptions<AlertOptions> options)
{
    private const int RuleSetId = 1;

    /// <summary>The stored rule set; the defaults are stored on the first call.</summary>
    public async Task<IReadOnlyList<AlertRule>> RulesAsync(CancellationToken cancellationToken = default)
        => AlertRulesJson.Import(await ExportAsync(cancellationToken), int.MaxValue);

    /// <summary>The stored rule set as the JSON document import reads.</summary>
    public async Task<string> ExportAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var stored = await db.AlertRuleSets.AsNoTracking().SingleOrDefaultAsync(r => r.Id == RuleSetId, cancellationToken);
        if (stored is not null)
        {
            return stored.Json;
        }
        var json = AlertRulesJson.Export(DefaultAlertRules.All);
        db.AlertRuleSets.Add(new AlertRuleSetRecord { Id = RuleSetId, Json = json, UpdatedAtUtc = Now, UpdatedBy = "defaults" });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process seeded it first: theirs is the same defaults or a newer import.
            await using var again = dbFactory.CreateDbContext();
            return (await again.AlertRuleSets.AsNoTracking().SingleAsync(r => r.Id == RuleSetId, cancellationToken)).Json;
        }
        return json;
    }

    /// <summary>Validates and replaces the rule set; states of removed rules are dropped.</summary>
    /// <exception cref="AlertRulesFormatException">Names the bad field (<c>rules[2].for: must be &gt;= 0</c>).</exception>
    public async Task<IReadOnlyList<AlertRule>> ImportAsync(string json, string by, CancellationToken cancellationToken = default)
    {
        var rules = AlertRulesJson.Import(json, Math.Max(1, options.Value.MaxRules));
        await ExportAsync(cancellationToken); // make sure the row exists
        await using var db = dbFactory.CreateDbContext();
        var row = await db.AlertRuleSets.SingleAsync(r => r.Id == RuleSetId, cancellationToken);
        row.Json = AlertRulesJson.Export(rules);
        row.UpdatedAtUtc = Now;
        row.UpdatedBy = by;
        var names = rules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var orphans = (await db.AlertRuleStates.ToListAsync(cancellationToken)).Where(s => !names.Contains(s.RuleName)).ToList();
        db.AlertRuleStates.RemoveRange(orphans);
        Audit(db, by, "alert-rules.import", null, string.Create(CultureInfo.InvariantCulture, $"{rules.Count} rules; states dropped: {orphans.Count}"));
        await db.SaveChangesAsync(cancellationToken);
        return rules;
    }

    /// <summary>The newest alerts (firing only, or all), at most <see cref="AlertOptions.MaxListed"/>.</summary>
    public async Task<IReadOnlyList<AlertView>> AlertsAsync(bool firingOnly, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Alerts.AsNoTracking();
        if (firingOnly)
        {
            query = query.Where(a => a.State == AlertHistoryStates.Firing);
        }
        var rows = await query.OrderByDescending(a => a.Id).Take(Math.Max(1, options.Value.MaxListed)).ToListAsync(cancellationToken);
        return [.. rows.Select(View)];
    }

    /// <summary>
    /// One page of the history, newest first, paged by key: pass the smallest id of the previous page as
    /// <paramref name="beforeId"/>. Filters by rule name and state (firing/resolved) when given.
    /// </summary>
    public async Task<IReadOnlyList<AlertView>> HistoryAsync(long? beforeId, string? rule, string? state, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Alerts.AsNoTracking();
        if (beforeId is { } before)
        {
            query = query.Where(a => a.Id < before);
        }
        if (!string.IsNullOrEmpty(rule))
        {
            query = query.Where(a => a.RuleName == rule);
        }
        if (!string.IsNullOrEmpty(state))
        {
            query = query.Where(a => a.State == state);
        }
        var rows = await query.OrderByDescending(a => a.Id).Take(Math.Max(1, options.Value.HistoryPageSize)).ToListAsync(cancellationToken);
        return [.. rows.Select(View)];
    }

    /// <summary>One alert, or null.</summary>
    public async Task<AlertView?> AlertAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var row = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return row is null ? null : View(row);
    }

    /// <summary>Records who acknowledged an alert; false when it does not exist.</summary>
    public async Task<bool> AcknowledgeAsync(long id, string by, string? comment, CancellationToken cancellationToken = default)
    {
        comment = Comment(comment);
        await using var db = dbFactory.CreateDbContext();
        var row = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (row is null)
        {
            return false;
        }
        row.AcknowledgedBy = by;
        row.AcknowledgedAtUtc = Now;
        row.AcknowledgeComment = comment;
        Audit(db, by, "alert.acknowledge", $"alert {id} ({row.RuleName})", comment);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Silences a rule until <paramref name="untilUtc"/> (replacing an earlier silence).</summary>
    /// <exception cref="AlertRequestException">Unknown rule, a time in the past or beyond <see cref="AlertOptions.MaxSilenceDays"/>.</exception>
    public async Task<AlertSilenceView> SilenceAsync(string rule, DateTime untilUtc, string by, string? comment, CancellationToken cancellationToken = default)
    {
        comment = Comment(comment);
        if (!(await RulesAsync(cancellationToken)).Any(r => r.Name == rule))
        {
            throw new AlertRequestException("name", $"No alert rule is named '{Shorten(rule)}'.");
        }
        var now = Now;
        var maxDays = Math.Max(1, options.Value.MaxSilenceDays);
        if (untilUtc <= now)
        {
            throw new AlertRequestException("until", "'until' must be in the future.");
        }
        if (untilUtc > now.AddDays(maxDays))
        {
            throw new AlertRequestException("until", $"'until' may be at most {maxDays} days ahead (Alerts:MaxSilenceDays).");
        }
        await using var db = dbFactory.CreateDbContext();
        var row = await db.AlertSilences.SingleOrDefaultAsync(s => s.RuleName == rule, cancellationToken);
        if (row is null)
        {
            row = new AlertSilenceRecord { RuleName = rule };
            db.AlertSilences.Add(row);
        }
        (row.UntilUtc, row.CreatedBy, row.CreatedAtUtc, row.Comment) = (untilUtc, by, now, comment);
        Audit(db, by, "alert-rule.silence", rule, string.Create(CultureInfo.InvariantCulture, $"until {untilUtc:O}{(comment is null ? "" : "; " + comment)}"));
        await db.SaveChangesAsync(cancellationToken);
        return new AlertSilenceView(rule, untilUtc, by, now, comment);
    }

    /// <summary>Lifts a rule's silence; false when it had none.</summary>
    public async Task<bool> UnsilenceAsync(string rule, string by, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var row = await db.AlertSilences.SingleOrDefaultAsync(s => s.RuleName == rule, cancellationToken);
        if (row is null)
        {
            return false;
        }
        db.AlertSilences.Remove(row);
        Audit(db, by, "alert-rule.unsilence", rule, null);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Silences still in force.</summary>
    public async Task<IReadOnlyList<AlertSilenceView>> SilencesAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.AlertSilences.AsNoTracking().Where(s => s.UntilUtc > now).OrderBy(s => s.RuleName).ToListAsync(cancellationToken);
        return [.. rows.Select(s => new AlertSilenceView(s.RuleName, s.UntilUtc, s.CreatedBy, s.CreatedAtUtc, s.Comment))];
    }

    /// <summary>Signals measured against the champion's reference (drift) or its holdout band (performance).</summary>
    public static bool IsModelBaselined(AlertSignal signal) => signal is AlertSignal.BatchDriftLevel or AlertSignal.WindowDriftShare
        or AlertSignal.PredictionDriftPValue or AlertSignal.ScoreWasserstein or AlertSignal.ScorePsi
        or AlertSignal.EstimatedF1VsReferenceLower or AlertSignal.RealizedF1VsReferenceLower;

    /// <summary>
    /// On a champion change: drops the saved states of the drift and performance rules (they were measured against the
    /// other version's reference, so a pending <c>for</c> count or a firing state means nothing now) and resolves their
    /// open alerts. Works on <paramref name="db"/> without saving, so it commits with the change; <paramref name="rules"/>
    /// is read beforehand (<see cref="RulesAsync"/> may write). Returns the names of the rules reset.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ResetModelBaselinesAsync(LeadScoringDbContext db, IReadOnlyList<AlertRule> rules, DateTime nowUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var names = rules.Where(r => IsModelBaselined(r.Signal)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var states = (await db.AlertRuleStates.ToListAsync(cancellationToken)).Where(s => names.Contains(s.RuleName)).ToList();
        var open = states.Where(s => s.OpenAlertId is not null).Select(s => s.OpenAlertId!.Value).ToList();
        foreach (var alert in await db.Alerts.Where(a => open.Contains(a.Id) && a.State == AlertHistoryStates.Firing).ToListAsync(cancellationToken))
        {
            alert.State = AlertHistoryStates.Resolved;
            alert.ResolvedAtUtc = nowUtc;
        }
        db.AlertRuleStates.RemoveRange(states);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    internal static void Audit(LeadScoringDbContext db, string by, string action, string? target, string? detail) =>
        db.AuditLog.Add(new AuditRecord
        {
            TimestampUtc = DateTime.UtcNow, UserName = by, Action = action, Target = target is null ? null : Shorten(target, 256),
            Succeeded = true, Detail = detail is null ? null : Shorten(detail, 2000),
        });

    /// <summary>The dashboard page to look at for an alert: its drift run when it has one.</summary>
    public static string LinkFor(long id, long? driftRunId) =>
        driftRunId is { } run ? string.Create(CultureInfo.InvariantCulture, $"/drift/runs?run={run}") : string.Create(CultureInfo.InvariantCulture, $"/alerts?id={id}");

    private static AlertView View(AlertRecord a) => new(a.Id, a.RuleName, a.Severity, a.State, a.FiredAtUtc, a.ResolvedAtUtc, a.LastNotifiedAtUtc,
        a.EvidenceJson, a.DriftRunId, a.AcknowledgedBy, a.AcknowledgedAtUtc, a.AcknowledgeComment, LinkFor(a.Id, a.DriftRunId));

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static string? Comment(string? comment)
    {
        var trimmed = comment?.Trim();
        if (trimmed is { Length: > 1000 })
        {
            throw new AlertRequestException("comment", "'comment' may be at most 1000 characters.");
        }
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    private static string Shorten(string text, int max = 100) => text.Length <= max ? text : text[..max];
}

/// <summary>The <c>state</c> values of a stored alert.</summary>
public static class AlertHistoryStates
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
}
