using System.Security.Claims;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.AspNetCore.Identity;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// The server-side gate of every admin command: the role is read again from the store (not from the cookie or the
/// circuit, which may be minutes old), the outcome is written to the audit log, and a refusal changes nothing.
/// The check runs in a fresh scope: a circuit's scoped DbContext caches the user row, so a lockout (disable) set by
/// another admin would otherwise go unseen for the life of the circuit.
/// </summary>
public sealed class AdminGuard(IServiceScopeFactory scopeFactory, ILeadScoringDbFactory dbFactory, TimeProvider time)
{
    /// <summary>Runs <paramref name="action"/> only when <paramref name="principal"/> is an enabled admin in the store.</summary>
    public async Task<AdminResult<T>> RunAsync<T>(ClaimsPrincipal principal, string actionName, string? target, Func<Task<T>> action)
    {
        var (allowed, userName) = await CheckAsync(principal);
        if (!allowed)
        {
            await AuditAsync(userName, actionName, target, succeeded: false, "refused: not an enabled admin");
            return AdminResult<T>.Refused();
        }
        try
        {
            var value = await action();
            await AuditAsync(userName, actionName, target, succeeded: true, detail: null);
            return AdminResult<T>.Done(value);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await AuditAsync(userName, actionName, target, succeeded: false, "failed: " + ex.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// True when <paramref name="principal"/> is an enabled admin in the store now. For reads that show admin data
    /// (lists of users and keys); commands go through <see cref="RunAsync{T}"/>, which also audits.
    /// </summary>
    public async Task<bool> IsAdminAsync(ClaimsPrincipal principal) => (await CheckAsync(principal)).Allowed;

    private async Task<(bool Allowed, string UserName)> CheckAsync(ClaimsPrincipal principal)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = principal.Identity?.IsAuthenticated == true ? await userManager.GetUserAsync(principal) : null;
        // Disabled, not merely locked: guesses elsewhere that lock the account must not disarm an admin already signed in.
        var allowed = user is not null && !UserAdministrationService.IsDisabled(user) && await userManager.IsInRoleAsync(user, Roles.Admin);
        var userName = user?.UserName ?? principal.Identity?.Name ?? "anonymous";
        return (allowed, userName.Length > 256 ? userName[..256] : userName);
    }

    private async Task AuditAsync(string userName, string actionName, string? target, bool succeeded, string? detail)
    {
        await using var db = dbFactory.CreateDbContext();
        db.AuditLog.Add(new AuditRecord
        {
            TimestampUtc = time.GetUtcNow().UtcDateTime, UserName = userName, Action = actionName, Target = target,
            Succeeded = succeeded, Detail = detail,
        });
        await db.SaveChangesAsync();
    }
}

/// <summary>What an admin command returned, or that it was refused.</summary>
public readonly record struct AdminResult<T>(bool Allowed, T? Value)
{
    public static AdminResult<T> Refused() => new(false, default);
    public static AdminResult<T> Done(T value) => new(true, value);
}
