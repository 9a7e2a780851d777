using Microsoft.AspNetCore.Identity;

namespace LeadScoring.Dashboard.Security;

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown user or wrong password: one answer for both, so names cannot be probed.</summary>
    WrongUserOrPassword,

    /// <summary>This (account, client) pair failed too often; the password was not even checked.</summary>
    Wait,

    /// <summary>Right password, but the account is locked account-wide (told only now).</summary>
    Locked,

    /// <summary>Right password, but an admin disabled the account (told only now).</summary>
    Disabled,
}

/// <summary>A sign-in attempt's outcome; <see cref="WaitFor"/> for <see cref="SignInOutcome.Wait"/>, <see cref="LockedUntil"/> for Locked.</summary>
public sealed record SignInAttempt(SignInOutcome Outcome, TimeSpan WaitFor = default, DateTimeOffset? LockedUntil = null, bool MustChangePassword = false);

/// <summary>
/// Password sign-in that makes failures hurt the guesser, not the owner: waits per (account, client) pair
/// (<see cref="SignInThrottle"/>), Identity's account-wide lockout only at a high count (Security:AccountLockoutFailures),
/// the password checked before the lockout so "locked" is never told to someone without it, and the same answer and
/// about the same time (one hash) for unknown users as for wrong passwords.
/// </summary>
public sealed class PasswordSignIn(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, SignInThrottle throttle)
{
    private static readonly IdentityUser s_nobody = new("nobody");

    public async Task<SignInAttempt> SignInAsync(string userName, string password, string? clientAddress)
    {
        var key = SignInThrottle.Key(userName, clientAddress);
        var user = await users.FindByNameAsync(userName.Trim());
        var wait = throttle.WaitLeft(key, user?.SecurityStamp);
        if (wait > TimeSpan.Zero)
        {
            return new SignInAttempt(SignInOutcome.Wait, wait);
        }
        if (user is null)
        {
            users.PasswordHasher.HashPassword(s_nobody, password); // the time a real check takes
            throttle.RecordFailure(key, null);
            return new SignInAttempt(SignInOutcome.WrongUserOrPassword);
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            throttle.RecordFailure(key, user.SecurityStamp);
            // A locked or disabled account is not counted further: a disable must not turn into a 15-minute lockout.
            if (await users.GetLockoutEnabledAsync(user) && !await users.IsLockedOutAsync(user))
            {
                await users.AccessFailedAsync(user);
            }
            return new SignInAttempt(SignInOutcome.WrongUserOrPassword);
        }
        throttle.Forget(key);
        if (await users.IsLockedOutAsync(user))
        {
            return UserAdministrationService.IsDisabled(user)
                ? new SignInAttempt(SignInOutcome.Disabled)
                : new SignInAttempt(SignInOutcome.Locked, LockedUntil: user.LockoutEnd);
        }
        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, isPersistent: false);
        return new SignInAttempt(SignInOutcome.SignedIn, MustChangePassword: await PasswordChange.IsRequiredAsync(users, user));
    }
}
