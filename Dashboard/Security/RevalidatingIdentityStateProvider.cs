using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// Re-checks an open circuit's user against the store every Security:SessionRevalidationSeconds (default a minute):
/// a deleted, disabled or changed user (role change updates the security stamp) is signed out of the
/// circuit at the next check. The sign-in cookie is checked as often (SecurityStampValidatorOptions).
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options,
    IOptions<SecurityOptions> security)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    // At least a second: the base class loops on this interval.
    protected override TimeSpan RevalidationInterval =>
        TimeSpan.FromSeconds(Math.Max(1, SecurityServiceCollectionExtensions.SessionRevalidation(security.Value).TotalSeconds));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var userManager = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            return await IsStillValidAsync(userManager, authenticationState.User, options.Value);
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping and its circuits with it: a forced sign-out now would only re-render into a disposed
            // container and log errors that are not errors.
            return true;
        }
    }

    internal static async Task<bool> IsStillValidAsync(UserManager<IdentityUser> userManager, ClaimsPrincipal principal, IdentityOptions options)
    {
        var user = await userManager.GetUserAsync(principal);
        // Disabled ends the session; an account-wide lockout (others' guesses) only stops new sign-ins.
        if (user is null || UserAdministrationService.IsDisabled(user))
        {
            return false;
        }
        if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        var principalStamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await userManager.GetSecurityStampAsync(user);
    }
}
