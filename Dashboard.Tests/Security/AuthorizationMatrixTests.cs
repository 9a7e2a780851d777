using System.Security.Claims;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// Server side of the authorization matrix: every admin command of the security services × {anonymous, Viewer,
/// Admin, an admin demoted while their page (principal) is open, a disabled user with an open page}. Only the
/// current admin is allowed; every refusal leaves the store unchanged; every attempt is audited. The principals of
/// the demoted and disabled users are the stale ones their open circuit holds (still carrying the Admin role claim),
/// and the command runs through the same scoped services their circuit would use.
/// </summary>
public sealed class AuthorizationMatrixTests(DashboardAppFactory factory) : IClassFixture<DashboardAppFactory>
{
    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in Actions.Keys)
        {
            foreach (var who in new[] { "anonymous", "viewer", "admin", "demoted", "disabled" })
            {
                data.Add(action, who);
            }
        }
        return data;
    }

    private static readonly Dictionary<string, Func<IServiceProvider, ClaimsPrincipal, Targets, Task<bool>>> Actions = new()
    {
        ["create api key"] = async (sp, p, _) => (await sp.GetRequiredService<ApiKeyService>().CreateAsync(p, "matrix key")).Allowed,
        ["revoke api key"] = async (sp, p, t) => (await sp.GetRequiredService<ApiKeyService>().RevokeAsync(p, t.KeyId)).Allowed,
        ["list api keys"] = async (sp, p, _) => await sp.GetRequiredService<ApiKeyService>().ListAsync(p) is not null,
        ["create user"] = async (sp, p, _) => (await sp.GetRequiredService<UserAdministrationService>().CreateUserAsync(p, "made-" + Guid.NewGuid().ToString("N")[..6], "a-fine-long-password", Roles.Viewer)).Allowed,
        ["set role"] = async (sp, p, t) => (await sp.GetRequiredService<UserAdministrationService>().SetRoleAsync(p, t.UserId, Roles.Admin)).Allowed,
        ["disable user"] = async (sp, p, t) => (await sp.GetRequiredService<UserAdministrationService>().DisableAsync(p, t.UserId)).Allowed,
        ["enable user"] = async (sp, p, t) => (await sp.GetRequiredService<UserAdministrationService>().EnableAsync(p, t.UserId)).Allowed,
        ["reset password"] = async (sp, p, t) => (await sp.GetRequiredService<UserAdministrationService>().ResetPasswordAsync(p, t.UserId, "another-long-password")).Allowed,
        ["list users"] = async (sp, p, _) => await sp.GetRequiredService<UserAdministrationService>().ListAsync(p) is not null,
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AdminCommand_OnlyACurrentEnabledAdminSucceeds_RefusalsChangeNothingAndAreAudited(string action, string who)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var admin = await SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser);
        var targets = await TargetsAsync(admin, suffix);
        // The caller's circuit scope exists before the role change, as on an open page.
        await using var callerScope = factory.Services.CreateAsyncScope();
        var principal = await CallerAsync(who, admin, suffix, callerScope.ServiceProvider);
        var before = await SnapshotAsync();
        var auditsBefore = await AuditCountAsync();

        var allowed = await Actions[action](callerScope.ServiceProvider, principal, targets);

        Assert.Equal(who == "admin", allowed);
        if (!allowed)
        {
            Assert.Equal(before, await SnapshotAsync());
        }
        if (!action.StartsWith("list", StringComparison.Ordinal))
        {
            Assert.Equal(auditsBefore + 1, await AuditCountAsync());
        }
    }

    private async Task<ClaimsPrincipal> CallerAsync(string who, ClaimsPrincipal admin, string suffix, IServiceProvider circuit)
    {
        switch (who)
        {
            case "anonymous":
                return SecurityTestHelpers.Anonymous;
            case "viewer":
                return await SecurityTestHelpers.EnsureUserAsync(factory.Services, "viewer-" + suffix, Roles.Viewer);
            case "admin":
                return admin;
            default:
                var stale = await SecurityTestHelpers.EnsureUserAsync(factory.Services, who + "-" + suffix, Roles.Admin);
                Assert.True(stale.IsInRole(Roles.Admin));
                // The open page has already loaded its user (a circuit's scoped context caches the row).
                Assert.NotNull(await circuit.GetRequiredService<UserManager<IdentityUser>>().GetUserAsync(stale));
                var id = await SecurityTestHelpers.UserIdAsync(factory.Services, who + "-" + suffix);
                await using (var scope = factory.Services.CreateAsyncScope())
                {
                    var users = scope.ServiceProvider.GetRequiredService<UserAdministrationService>();
                    var changed = who == "demoted" ? await users.SetRoleAsync(admin, id, Roles.Viewer) : await users.DisableAsync(admin, id);
                    Assert.True(changed.Value!.Succeeded);
                }
                return stale;
        }
    }

    private async Task<Targets> TargetsAsync(ClaimsPrincipal admin, string suffix)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(admin, "target " + suffix);
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, "target-" + suffix, Roles.Viewer);
        return new Targets(key.Value!.Info.Id, await SecurityTestHelpers.UserIdAsync(factory.Services, "target-" + suffix));
    }

    // Everything an admin command can change: keys, users (password, lockout, stamp) and role memberships.
    private async Task<string> SnapshotAsync()
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Id + ":" + k.RevokedAtUtc).ToListAsync();
        var users = await db.Set<IdentityUser>().AsNoTracking().OrderBy(u => u.Id)
            .Select(u => u.Id + ":" + u.PasswordHash + ":" + u.LockoutEnd + ":" + u.SecurityStamp).ToListAsync();
        var roles = await db.Set<IdentityUserRole<string>>().AsNoTracking().OrderBy(r => r.UserId).ThenBy(r => r.RoleId)
            .Select(r => r.UserId + ":" + r.RoleId).ToListAsync();
        return string.Join("|", keys.Concat(users).Concat(roles));
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.AuditLog.CountAsync();
    }

    private sealed record Targets(int KeyId, string UserId);
}
