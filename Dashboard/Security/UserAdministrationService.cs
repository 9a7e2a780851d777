using System.Data;
using System.Data.Common;
using System.Security.Claims;
using LeadScoring.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Dashboard.Security;

/// <summary>A user as listed to admins.</summary>
public sealed record UserInfo(string Id, string UserName, string? Role, bool Disabled, bool LockedOut);

/// <summary>Outcome of a user command that passed the guard: Identity's messages when it failed (weak password, taken name).</summary>
public sealed record UserCommandResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static UserCommandResult Ok { get; } = new(true, []);
    public static UserCommandResult Fail(params string[] errors) => new(false, errors);
    internal static UserCommandResult From(IdentityResult r) => r.Succeeded ? Ok : new(false, [.. r.Errors.Select(e => e.Description)]);
}

/// <summary>
/// Admin commands on users, each through <see cref="AdminGuard"/> (role re-checked in the store, audited). Role
/// changes and disabling renew the user's security stamp, so their open circuits are signed out at the next
/// revalidation (≤ 1 min) and any admin command they try before that is refused by the guard. Disabling is a
/// lockout without end (Identity refuses sign-in). The last enabled admin cannot be demoted or disabled, also when
/// two admins demote each other at once (<see cref="WithAdminsSerialized"/>).
/// Each command uses a fresh scope: a circuit's scoped UserManager would cache user rows for the circuit's life.
/// </summary>
public sealed class UserAdministrationService(IServiceScopeFactory scopeFactory, AdminGuard guard)
{
    private static readonly SemaphoreSlim s_adminChanges = new(1, 1);

    public async Task<IReadOnlyList<UserInfo>?> ListAsync(ClaimsPrincipal admin)
    {
        if (!await guard.IsAdminAsync(admin))
        {
            return null;
        }
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync();
        var list = new List<UserInfo>(all.Count);
        foreach (var u in all)
        {
            var roles = await users.GetRolesAsync(u);
            list.Add(new UserInfo(u.Id, u.UserName ?? "", roles.FirstOrDefault(), IsDisabled(u), await users.IsLockedOutAsync(u)));
        }
        return list;
    }

    public Task<AdminResult<UserCommandResult>> CreateUserAsync(ClaimsPrincipal admin, string userName, string password, string role) =>
        guard.RunAsync(admin, "create user", userName, () => WithUsers(async users =>
        {
            if (!Roles.All.Contains(role))
            {
                return UserCommandResult.Fail($"Unknown role '{role}'.");
            }
            var user = new IdentityUser(userName.Trim());
            var created = await users.CreateAsync(user, password);
            return created.Succeeded ? UserCommandResult.From(await users.AddToRoleAsync(user, role)) : UserCommandResult.From(created);
        }));

    public Task<AdminResult<UserCommandResult>> SetRoleAsync(ClaimsPrincipal admin, string userId, string role) =>
        guard.RunAsync(admin, "set role", $"{userId} -> {role}", () => WithAdminsSerialized(admin, userId, async (users, user) =>
        {
            if (!Roles.All.Contains(role))
            {
                return UserCommandResult.Fail($"Unknown role '{role}'.");
            }
            if (role != Roles.Admin && await IsLastEnabledAdminAsync(users, user))
            {
                return UserCommandResult.Fail("This is the last enabled admin; make another user admin first.");
            }
            var current = await users.GetRolesAsync(user);
            var removed = await users.RemoveFromRolesAsync(user, current);
            if (!removed.Succeeded)
            {
                return UserCommandResult.From(removed);
            }
            var added = await users.AddToRoleAsync(user, role);
            return added.Succeeded ? UserCommandResult.From(await users.UpdateSecurityStampAsync(user)) : UserCommandResult.From(added);
        }));

    public Task<AdminResult<UserCommandResult>> DisableAsync(ClaimsPrincipal admin, string userId) =>
        guard.RunAsync(admin, "disable user", userId, () => WithAdminsSerialized(admin, userId, async (users, user) =>
        {
            if (await IsLastEnabledAdminAsync(users, user))
            {
                return UserCommandResult.Fail("This is the last enabled admin; it cannot be disabled.");
            }
            await users.SetLockoutEnabledAsync(user, true);
            var locked = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            return locked.Succeeded ? UserCommandResult.From(await users.UpdateSecurityStampAsync(user)) : UserCommandResult.From(locked);
        }));

    public Task<AdminResult<UserCommandResult>> EnableAsync(ClaimsPrincipal admin, string userId) =>
        guard.RunAsync(admin, "enable user", userId, () => WithUser(userId, async (users, user) =>
        {
            var unlocked = await users.SetLockoutEndDateAsync(user, null);
            return unlocked.Succeeded ? UserCommandResult.From(await users.ResetAccessFailedCountAsync(user)) : UserCommandResult.From(unlocked);
        }));

    /// <summary>
    /// Sets a new password (same rules as any password) that the user must change at their next sign-in, and lifts an
    /// account-wide lockout (not a disable); the user's sessions end at the next revalidation (new security stamp).
    /// </summary>
    public Task<AdminResult<UserCommandResult>> ResetPasswordAsync(ClaimsPrincipal admin, string userId, string newPassword) =>
        guard.RunAsync(admin, "reset password", userId, () => WithUser(userId, async (users, user) =>
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, newPassword);
            if (!reset.Succeeded)
            {
                return UserCommandResult.From(reset);
            }
            if (!IsDisabled(user))
            {
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
            }
            return UserCommandResult.From(await PasswordChange.RequireAsync(users, user));
        }));

    /// <summary>
    /// Disabled by an admin (a lockout without end; anything beyond ten years counts), unlike a timed lockout after
    /// failed sign-ins (Security:AccountLockoutMinutes).
    /// </summary>
    internal static bool IsDisabled(IdentityUser user) => user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow.AddYears(10);

    private static async Task<bool> IsLastEnabledAdminAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            return false;
        }
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(a => a.Id != user.Id && !IsDisabled(a));
    }

    private async Task<UserCommandResult> WithUsers(Func<UserManager<IdentityUser>, Task<UserCommandResult>> command)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        return await command(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>());
    }

    /// <summary>
    /// Runs a command that may remove an admin so that "the last enabled admin stays" holds under concurrency: one
    /// such command at a time in this process (SemaphoreSlim), and inside a serializable transaction (SQLite: BEGIN
    /// IMMEDIATE, one writer; PostgreSQL: SERIALIZABLE, a concurrent conflicting change fails and is rolled back), in
    /// which the caller's own admin role is checked again. Several dashboard instances on one PostgreSQL store rely on
    /// the transaction alone.
    /// </summary>
    private async Task<UserCommandResult> WithAdminsSerialized(ClaimsPrincipal admin, string userId,
        Func<UserManager<IdentityUser>, IdentityUser, Task<UserCommandResult>> command)
    {
        await s_adminChanges.WaitAsync();
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var db = scope.ServiceProvider.GetRequiredService<LeadScoringDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
            var caller = await users.GetUserAsync(admin);
            if (caller is null || IsDisabled(caller) || !await users.IsInRoleAsync(caller, Roles.Admin))
            {
                return UserCommandResult.Fail("Your account is no longer an enabled admin.");
            }
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserCommandResult.Fail("No such user.");
            }
            var result = await command(users, user);
            if (result.Succeeded)
            {
                await transaction.CommitAsync();
            }
            return result; // a failed command is rolled back as a whole (no user left without a role)
        }
        catch (Exception ex) when (IsConflict(ex))
        {
            return UserCommandResult.Fail("Another change to users happened at the same time; nothing was changed. Try again.");
        }
        finally
        {
            s_adminChanges.Release();
        }
    }

    // PostgreSQL's serialization failure (SQLSTATE 40001, wrapped by EF at any depth), or a busy SQLite store.
    private static bool IsConflict(Exception ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is DbException { SqlState: "40001" } or DbUpdateConcurrencyException)
            {
                return true;
            }
        }
        return StoreErrors.IsBusy(ex);
    }

    private Task<UserCommandResult> WithUser(string userId, Func<UserManager<IdentityUser>, IdentityUser, Task<UserCommandResult>> command) =>
        WithUsers(async users => await users.FindByIdAsync(userId) is { } user ? await command(users, user) : UserCommandResult.Fail("No such user."));
}
