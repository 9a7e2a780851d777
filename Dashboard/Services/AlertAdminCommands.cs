using System.Security.Claims;
using LeadScoring.Core.Alerts;
using LeadScoring.Dashboard.Security;
using LeadScoring.Engine.Alerts;

namespace LeadScoring.Dashboard.Services;

/// <summary>
/// The Alerts page's admin commands. Each goes through <see cref="AdminGuard"/> (role read again from the store, the
/// attempt audited), so a viewer who crafts the call from the circuit is refused and nothing changes. The guard comes
/// from a fresh scope per command, as in <see cref="ModelAdminCommands"/>.
/// </summary>
public sealed class AlertAdminCommands(IServiceScopeFactory scopes, AlertStore store, AlertEvaluationService evaluation)
{
    public Task<AdminResult<bool>> AcknowledgeAsync(ClaimsPrincipal user, long alertId, string comment) =>
        GuardAsync(user, "alert.acknowledge", alertId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            () => store.AcknowledgeAsync(alertId, Name(user), comment));

    public Task<AdminResult<AlertSilenceView>> SilenceAsync(ClaimsPrincipal user, string rule, DateTime untilUtc, string? comment) =>
        GuardAsync(user, "alert-rule.silence", rule, () => store.SilenceAsync(rule, untilUtc, Name(user), comment));

    public Task<AdminResult<bool>> UnsilenceAsync(ClaimsPrincipal user, string rule) =>
        GuardAsync(user, "alert-rule.unsilence", rule, () => store.UnsilenceAsync(rule, Name(user)));

    /// <summary>Replaces the rules; <see cref="AlertRulesFormatException"/> names the bad field.</summary>
    public Task<AdminResult<IReadOnlyList<AlertRule>>> ImportAsync(ClaimsPrincipal user, string json) =>
        GuardAsync(user, "alert-rules.import", null, () => store.ImportAsync(json, Name(user)));

    public Task<AdminResult<IReadOnlyList<AlertRule>>> ResetToDefaultsAsync(ClaimsPrincipal user) =>
        GuardAsync(user, "alert-rules.reset", null, () => store.ImportAsync(AlertRulesJson.Export(DefaultAlertRules.All), Name(user)));

    public Task<AdminResult<AlertEvaluationReport>> EvaluateNowAsync(ClaimsPrincipal user) =>
        GuardAsync(user, "alerts.evaluate", null, () => evaluation.EvaluateAsync(force: true));

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private async Task<AdminResult<T>> GuardAsync<T>(ClaimsPrincipal user, string action, string? target, Func<Task<T>> command)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdminGuard>().RunAsync(user, action, target, command);
    }
}
