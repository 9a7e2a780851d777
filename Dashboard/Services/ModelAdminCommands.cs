using System.Globalization;
using System.Security.Claims;
using LeadScoring.Core.Models;
using LeadScoring.Core.Promotions;
using LeadScoring.Engine.Scoring;
using LeadScoring.Dashboard.Security;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Services;

/// <summary>An external ONNX model to register.</summary>
/// <param name="Name">Display name.</param>
/// <param name="FileName">Uploaded file name (for the audit log).</param>
/// <param name="Onnx">The ONNX bytes.</param>
/// <param name="TargetEncodingJson">The original system's target_encoding.json; null = use the champion's pipeline.</param>
/// <param name="Threshold">Decision threshold.</param>
public sealed record OnnxRegistration(string Name, string FileName, byte[] Onnx, string? TargetEncodingJson, double Threshold);

/// <summary>
/// The Models page's admin commands. Each one goes through <see cref="AdminGuard"/>: the role is checked in the
/// store and the attempt audited, so a viewer who crafts the call is refused and nothing changes. The guard comes
/// from a fresh scope per command: a circuit's scope lives for hours and its identity store would answer from
/// entities it tracked at sign-in (a lockout set since then would go unseen).
/// </summary>
public sealed class ModelAdminCommands(IServiceScopeFactory scopes, ModelRegistry registry, RetrainService retrain, ChampionHolder champion,
    IReferenceLeadSource reference, IOptionsMonitor<OnnxModelLimits>? importLimits = null)
{
    public Task<AdminResult<RetrainJob>> StartRetrainAsync(ClaimsPrincipal user, RetrainRequest request) =>
        GuardAsync(user, "model.retrain", Describe(request),
            () => Task.FromResult(retrain.Enqueue(request, user.Identity?.Name ?? "unknown")));

    public Task<AdminResult<bool>> CancelRetrainAsync(ClaimsPrincipal user, Guid jobId) =>
        GuardAsync(user, "model.retrain.cancel", jobId.ToString(), () => Task.FromResult(retrain.Cancel(jobId)));

    /// <summary>
    /// Promotes with a reason (required) and freezes the evidence record; a failed policy refuses
    /// (<see cref="PromotionRefusedException"/>) unless <paramref name="overrideReason"/> is given.
    /// </summary>
    public Task<AdminResult<ChampionChangeResult>> PromoteAsync(ClaimsPrincipal user, int versionId, string? reason, string? overrideReason = null) =>
        GuardAsync(user, overrideReason is null ? "model.promote" : "model.promote.override", Target(versionId),
            scope => scope.GetRequiredService<PromotionService>().PromoteAsync(new PromotionRequest(versionId, reason, overrideReason), UserName(user)));

    /// <summary>Returns to the previous champion (its reference, threshold, alert baselines reset) with an evidence record; null value when there is none.</summary>
    public Task<AdminResult<ChampionChangeResult?>> RollbackAsync(ClaimsPrincipal user, string? reason = null) =>
        GuardAsync(user, "model.rollback", champion.Current?.VersionId,
            scope => scope.GetRequiredService<PromotionService>().RollbackAsync(UserName(user), reason));

    public Task<AdminResult<ModelVersionInfo>> DiscardCandidateAsync(ClaimsPrincipal user, int versionId) =>
        GuardAsync(user, "model.discard", Target(versionId), () => registry.ArchiveCandidateAsync(versionId));

    /// <summary>Marks a non-champion version as the shadow challenger (replacing any other).</summary>
    public Task<AdminResult<ModelVersionInfo>> MarkChallengerAsync(ClaimsPrincipal user, int versionId) =>
        GuardAsync(user, "model.challenger", Target(versionId), () => registry.MarkChallengerAsync(versionId));

    /// <summary>Stops shadow scoring (stored challenger scores stay).</summary>
    public Task<AdminResult<bool>> ClearChallengerAsync(ClaimsPrincipal user) =>
        GuardAsync(user, "model.challenger.clear", null, () => registry.ClearChallengerAsync());

    /// <summary>Sets a version's decision threshold (0 &lt; t &lt; 1); the live champion picks it up at once.</summary>
    public Task<AdminResult<ModelVersionInfo>> SetThresholdAsync(ClaimsPrincipal user, int versionId, double threshold) =>
        GuardAsync(user, "model.threshold", Target(versionId) + " -> " + threshold.ToString("R", CultureInfo.InvariantCulture),
            () => registry.SetThresholdAsync(versionId, threshold));

    public Task<AdminResult<ModelVersionInfo>> RegisterOnnxAsync(ClaimsPrincipal user, OnnxRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return GuardAsync(user, "model.register", registration.FileName, async () =>
        {
            var pipeline = registration.TargetEncodingJson is null
                ? champion.Current?.Pipeline ?? throw new InvalidOperationException("No champion pipeline to reuse; upload a target_encoding.json.")
                : ExternalModelImport.ImportOriginalPipeline(registration.TargetEncodingJson, "target_encoding.json");
            var name = string.IsNullOrWhiteSpace(registration.Name) ? Path.GetFileNameWithoutExtension(registration.FileName) : registration.Name.Trim();
            var version = await Task.Run(() => ExternalModelImport.Create(registration.Onnx, name, pipeline, registration.Threshold, reference.Load(),
                limits: importLimits?.CurrentValue));
            return await registry.RegisterAsync(version, user.Identity?.Name ?? "unknown");
        });
    }

    private async Task<AdminResult<T>> GuardAsync<T>(ClaimsPrincipal user, string action, string? target, Func<Task<T>> command)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdminGuard>().RunAsync(user, action, target, command);
    }

    private async Task<AdminResult<T>> GuardAsync<T>(ClaimsPrincipal user, string action, string? target, Func<IServiceProvider, Task<T>> command)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdminGuard>().RunAsync(user, action, target, () => command(scope.ServiceProvider));
    }

    private static string UserName(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static string Target(int versionId) => $"model version id {versionId}";

    private static string Describe(RetrainRequest request) =>
        (request.IncludeReferenceSet ? "reference set" : "no reference set") + (request.BatchIds.Count > 0 ? $" + batches {string.Join(",", request.BatchIds)}" : "");
}
