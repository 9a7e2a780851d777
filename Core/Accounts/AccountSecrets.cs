using System.Security.Cryptography;

namespace LeadScoring.Core.Accounts;

/// <summary>What the dashboard and the server tools agree on about sign-in accounts.</summary>
public static class AccountClaims
{
    /// <summary>
    /// A user claim stored with the account (AspNetUserClaims): the password was generated or set by someone else
    /// and must be changed before anything else. Removed by the change-password page.
    /// </summary>
    public const string MustChangePassword = "leadscoring:must_change_password";
}

/// <summary>Passwords generated for a first admin or a reset: shown once, only their hash is stored.</summary>
public static class OneTimePassword
{
    /// <summary>16 characters from an unambiguous alphabet: about 92 bits.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 16);
    }
}
