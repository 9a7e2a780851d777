using System.Security.Cryptography;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Accounts;

/// <summary>
/// Recovery of an account straight in the store, for the server's operator (`leadscoring admin reset-password`):
/// a new one-time password (to be changed at sign-in), the account-wide lockout and a disable lifted, a new security
/// stamp (open sessions end at their next check), and an audit record, all in one transaction. Works whether the
/// dashboard runs or not: the dashboard reads users from the store on every sign-in.
/// </summary>
public sealed class AccountRecovery(ILeadScoringDbFactory dbFactory, TimeProvider time)
{
    /// <summary>The new one-time password, or null when no user is named <paramref name="userName"/>.</summary>
    public async Task<string?> ResetPasswordAsync(string userName, string actor, CancellationToken cancellationToken = default)
    {
        // Identity's default lookup normalizer, so the name matches as at sign-in.
        var normalized = userName.Trim().Normalize().ToUpperInvariant();
        await using var db = dbFactory.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null)
        {
            return null;
        }
        var password = OneTimePassword.Generate();
        user.PasswordHash = new PasswordHasher<IdentityUser>().HashPassword(user, password);
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        if (!await db.UserClaims.AnyAsync(c => c.UserId == user.Id && c.ClaimType == AccountClaims.MustChangePassword, cancellationToken))
        {
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = user.Id, ClaimType = AccountClaims.MustChangePassword, ClaimValue = "true" });
        }
        db.AuditLog.Add(new AuditRecord
        {
            TimestampUtc = time.GetUtcNow().UtcDateTime, UserName = actor.Length > 256 ? actor[..256] : actor, Action = "reset password (server)",
            Target = user.UserName, Succeeded = true, Detail = "one-time password issued; lockout and disable lifted",
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return password;
    }
}
