using System.Security.Claims;
using LeadScoring.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// The forced password change: a password someone else knows (generated first admin, admin or server reset) carries
/// the <see cref="AccountClaims.MustChangePassword"/> user claim; while the signed-in principal has it, every page
/// leads to the change-password page and the HTTP API answers 403.
/// </summary>
public static class PasswordChange
{
    public const string PagePath = "/Account/ChangePassword";

    public static bool IsRequired(ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == AccountClaims.MustChangePassword);

    public static async Task<bool> IsRequiredAsync(UserManager<IdentityUser> users, IdentityUser user) =>
        (await users.GetClaimsAsync(user)).Any(c => c.Type == AccountClaims.MustChangePassword);

    /// <summary>Marks <paramref name="user"/>'s password as one to change at the next sign-in.</summary>
    public static async Task<IdentityResult> RequireAsync(UserManager<IdentityUser> users, IdentityUser user) =>
        await IsRequiredAsync(users, user) ? IdentityResult.Success : await users.AddClaimAsync(user, new Claim(AccountClaims.MustChangePassword, "true"));

    internal static async Task<IdentityResult> ClearAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        var claims = (await users.GetClaimsAsync(user)).Where(c => c.Type == AccountClaims.MustChangePassword).ToList();
        return claims.Count == 0 ? IdentityResult.Success : await users.RemoveClaimsAsync(user, claims);
    }
}

/// <summary>Sends a user who must change their password to the change-password page (pages) or answers 403 (API).</summary>
public sealed class PasswordChangeRequiredMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!PasswordChange.IsRequired(context.User))
        {
            return next(context);
        }
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return context.ForbidAsync(IdentityConstants.ApplicationScheme);
        }
        if (path.Equals(PasswordChange.PagePath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/_content", StringComparison.OrdinalIgnoreCase)
            || Path.HasExtension(path.Value)) // the page's stylesheets and icons
        {
            return next(context);
        }
        context.Response.Redirect(PasswordChange.PagePath);
        return Task.CompletedTask;
    }
}

/// <summary>The change-password page's command: current password checked (and throttled like a sign-in), new one validated.</summary>
public sealed class PasswordChangeService(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, SignInThrottle throttle)
{
    /// <summary>Null on success (the session is renewed without the must-change mark), else the message to show.</summary>
    public async Task<string?> ChangeAsync(ClaimsPrincipal principal, string currentPassword, string newPassword, string? clientAddress)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return "Your session has ended; sign in again.";
        }
        var key = SignInThrottle.Key(user.UserName ?? "", clientAddress);
        var wait = throttle.WaitLeft(key, user.SecurityStamp);
        if (wait > TimeSpan.Zero)
        {
            return $"Too many wrong passwords: wait {Math.Ceiling(wait.TotalSeconds):0} seconds and try again.";
        }
        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            return "The new password must differ from the current one.";
        }
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                throttle.RecordFailure(key, user.SecurityStamp);
                return "The current password is wrong.";
            }
            return string.Join(" ", changed.Errors.Select(e => e.Description));
        }
        throttle.Forget(key);
        await PasswordChange.ClearAsync(users, user);
        // A new cookie with the new security stamp and without the must-change claim; other sessions end at their next check.
        await signIn.RefreshSignInAsync(user);
        return null;
    }
}
