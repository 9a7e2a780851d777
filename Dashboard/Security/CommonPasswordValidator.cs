using Microsoft.AspNetCore.Identity;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// Length over composition (NIST SP 800-63B): no character-class rules, but passwords found in a shipped list of
/// common passwords, or made of one repeated character, or equal to the user name, are refused.
/// </summary>
public sealed class CommonPasswordValidator<TUser> : IPasswordValidator<TUser>
    where TUser : IdentityUser
{
    private static readonly Lazy<HashSet<string>> s_common = new(LoadList);

    public Task<IdentityResult> ValidateAsync(UserManager<TUser> manager, TUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success); // length is checked by the built-in validator
        }
        if (s_common.Value.Contains(password.ToLowerInvariant()))
        {
            return Fail("CommonPassword", "This password is in a list of commonly used passwords; choose another.");
        }
        if (password.Distinct().Count() == 1)
        {
            return Fail("RepeatedCharacter", "A password made of one repeated character is too easy to guess.");
        }
        if (user.UserName is not null && string.Equals(password, user.UserName, StringComparison.OrdinalIgnoreCase))
        {
            return Fail("PasswordIsUserName", "The password must not be the user name.");
        }
        return Task.FromResult(IdentityResult.Success);
    }

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    private static HashSet<string> LoadList()
    {
        using var stream = typeof(CommonPasswordValidator<>).Assembly.GetManifestResourceStream("LeadScoring.Dashboard.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
