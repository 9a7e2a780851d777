using System.Security.Claims;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
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
        ["delete batch"] = async (sp, p, t) => (await sp.GetRequiredService<BatchAdminCommands>().DeleteBatchAsync(p, t.BatchId)).Allowed,
        ["list batches"] = async (sp, p, _) => await sp.GetRequiredService<BatchAdminCommands>().ListAsync(p) is not null,
        ["set threshold"] = async (sp, p, t) => (await sp.GetRequiredService<ModelAdminCommands>().SetThresholdAsync(p, t.ChampionId, t.NewThreshold)).Allowed,
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
        else
        {
            await AssertEffectAsync(action, targets);
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
        var live = factory.Services.GetRequiredService<ChampionHolder>().Current ?? throw new InvalidOperationException("v1 was not trained at start");
        return new Targets(key.Value!.Info.Id, await SecurityTestHelpers.UserIdAsync(factory.Services, "target-" + suffix),
            await AddBatchAsync(suffix, live.RegistryId), live.RegistryId, live.Threshold == 0.31 ? 0.32 : 0.31);
    }

    // A finished upload with two predictions, so a delete has rows to remove (or, when refused, to leave).
    private async Task<long> AddBatchAsync(string suffix, int modelVersionId)
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var batch = new BatchRecord
        {
            FileName = $"matrix-{suffix}.csv", UploadedBy = "test", CreatedAtUtc = DateTime.UtcNow, Status = BatchStatus.Completed,
            Schema = "raw", TotalRows = 2, StoredRows = 2, ModelVersionId = modelVersionId,
        };
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        for (var i = 0; i < 2; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), BatchId = batch.Id, ModelVersionId = modelVersionId,
                Score = 0.25 + i, Features = FeatureBlob.Pack([1.0, 2.0]), Source = PredictionSource.Upload,
            });
        }
        await db.SaveChangesAsync();
        return batch.Id;
    }

    // The allowed call took effect (checked for the data and threshold commands; the others by their own tests).
    private async Task AssertEffectAsync(string action, Targets targets)
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        if (action == "delete batch")
        {
            Assert.False(await db.Batches.AnyAsync(b => b.Id == targets.BatchId));
            Assert.False(await db.Predictions.AnyAsync(p => p.BatchId == targets.BatchId));
        }
        else if (action == "set threshold")
        {
            Assert.Equal(targets.NewThreshold, await db.ModelVersions.Where(m => m.Id == targets.ChampionId).Select(m => m.DecisionThreshold).SingleAsync());
            Assert.Equal(targets.NewThreshold, factory.Services.GetRequiredService<ChampionHolder>().Current!.Threshold);
        }
    }

    // Everything an admin command can change: keys, users (password, lockout, stamp), role memberships, batches with
    // their prediction counts, model thresholds in the store and the live model's threshold.
    private async Task<string> SnapshotAsync()
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Id + ":" + k.RevokedAtUtc).ToListAsync();
        var users = await db.Set<IdentityUser>().AsNoTracking().OrderBy(u => u.Id)
            .Select(u => u.Id + ":" + u.PasswordHash + ":" + u.LockoutEnd + ":" + u.SecurityStamp).ToListAsync();
        var roles = await db.Set<IdentityUserRole<string>>().AsNoTracking().OrderBy(r => r.UserId).ThenBy(r => r.RoleId)
            .Select(r => r.UserId + ":" + r.RoleId).ToListAsync();
        var batches = await db.Batches.AsNoTracking().OrderBy(b => b.Id)
            .Select(b => b.Id + ":" + db.Predictions.Count(p => p.BatchId == b.Id)).ToListAsync();
        var thresholds = (await db.ModelVersions.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.DecisionThreshold }).ToListAsync())
            .Select(m => m.Id + ":" + m.DecisionThreshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var live = factory.Services.GetRequiredService<ChampionHolder>().Current;
        var liveModel = $"live={live?.RegistryId}:{live?.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";
        return string.Join("|", keys.Concat(users).Concat(roles).Concat(batches).Concat(thresholds).Append(liveModel));
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.AuditLog.CountAsync();
    }

    private sealed record Targets(int KeyId, string UserId, long BatchId, int ChampionId, double NewThreshold);
}
