using System.Net;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// Sign-in failures hurt the guesser, not the owner: waits per (account, client address), the account-wide lockout
/// only at Security:AccountLockoutFailures (8 here, 50 by default), one answer for unknown users and wrong passwords,
/// and "locked" told only to whoever gave the right password.
/// </summary>
[Trait("Store", "both")]
public sealed class AccountLockoutTests(AccountSecurityAppFactory factory) : IClassFixture<AccountSecurityAppFactory>
{
    private const string WrongAnswer = "Wrong user name or password.";

    [Fact]
    public async Task SignIn_ManyWrongPasswordsFromOneAddress_OwnerFromAnotherAddressStillSignsIn()
    {
        const string user = "owner-1";
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, user, Roles.Admin);
        var attacker = factory.ClientFrom("203.0.113.10");
        for (var i = 0; i < 6; i++)
        {
            await SecurityTestHelpers.PostSignInAsync(attacker, user, "wrong-password-" + i);
        }

        var owner = await SecurityTestHelpers.PostSignInAsync(factory.ClientFrom("198.51.100.20"), user, SecurityTestHelpers.ViewerPassword);
        var attackerWithTheRightPassword = await SecurityTestHelpers.PostSignInAsync(attacker, user, SecurityTestHelpers.ViewerPassword);

        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, attackerWithTheRightPassword.StatusCode); // the form again: the pair must wait
        Assert.Contains("wait", await attackerWithTheRightPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownUserWrongPasswordAndLockedAccount_AllGetTheSameAnswer_LockedToldOnlyAfterTheRightPassword()
    {
        const string user = "locked-1";
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, user, Roles.Viewer);
        await LockAsync(user, TimeSpan.FromMinutes(15));

        var unknown = await MessageAsync("203.0.113.11", "no-such-user-1", "some-wrong-password");
        var wrongForLocked = await MessageAsync("203.0.113.12", user, "some-wrong-password");
        var rightForLocked = await MessageAsync("203.0.113.13", user, SecurityTestHelpers.ViewerPassword);
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, "unlocked-1", Roles.Viewer);
        var wrongForUnlocked = await MessageAsync("203.0.113.14", "unlocked-1", "some-wrong-password");

        Assert.Equal(WrongAnswer, unknown);
        Assert.Equal(WrongAnswer, wrongForLocked);
        Assert.Equal(WrongAnswer, wrongForUnlocked);
        Assert.StartsWith("This account is locked", rightForLocked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownUser_WaitsLikeAKnownOne()
    {
        var client = factory.ClientFrom("203.0.113.15");
        var known = "known-wait-1";
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, known, Roles.Viewer);
        var answers = new List<string>();
        foreach (var name in new[] { "no-such-user-wait", known })
        {
            for (var i = 0; i < 4; i++)
            {
                answers.Add(await MessageAsync(client, name, "some-wrong-password"));
            }
        }

        // Three free failures, then the wait, for the unknown name exactly as for the known one.
        Assert.Equal(answers[..4].Select(Shape), answers[4..].Select(Shape));
        Assert.Equal([WrongAnswer, WrongAnswer, WrongAnswer], answers[..3]);
        Assert.StartsWith("Too many failed attempts for this user name from your address", answers[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AccountWideLockout_OnlyAtTheConfiguredCount_SpreadOverAddresses()
    {
        const string user = "spread-1";
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, user, Roles.Viewer);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(WrongAnswer, await MessageAsync($"192.0.2.{i + 1}", user, "wrong-password-" + i));
        }
        var afterSeven = await SecurityTestHelpers.PostSignInAsync(factory.ClientFrom("192.0.2.50"), user, SecurityTestHelpers.ViewerPassword);
        Assert.Equal(HttpStatusCode.Redirect, afterSeven.StatusCode); // and the success resets the account-wide count
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(WrongAnswer, await MessageAsync($"192.0.2.{i + 100}", user, "wrong-password-" + i));
        }

        var afterEight = await MessageAsync("192.0.2.200", user, SecurityTestHelpers.ViewerPassword);

        Assert.StartsWith("This account is locked", afterEight, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_DisabledUserWithTheRightPassword_IsToldDisabled_WithAWrongOneTheSameAsEveryone()
    {
        const string user = "disabled-1";
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, user, Roles.Viewer);
        var admin = await SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var id = await SecurityTestHelpers.UserIdAsync(factory.Services, user);
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministrationService>().DisableAsync(admin, id)).Value!.Succeeded);
        }

        Assert.Equal(WrongAnswer, await MessageAsync("203.0.113.16", user, "some-wrong-password"));
        Assert.Equal("This account is disabled; ask an admin.", await MessageAsync("203.0.113.17", user, SecurityTestHelpers.ViewerPassword));
    }

    [Fact]
    public async Task LockedAdmin_RecoveredWithTheCliWhileTheDashboardRuns_SignsInAtOnceAndMustChangeThePassword()
    {
        const string user = "ops-admin";
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, user, Roles.Admin);
        const string owner = "198.51.100.77";
        for (var i = 0; i < 3; i++)
        {
            await MessageAsync(owner, user, "typo-password-" + i); // the owner's own typos: this address now waits
        }
        for (var i = 0; i < 5; i++)
        {
            await MessageAsync($"192.0.2.{i + 30}", user, "guess-" + i); // and guesses elsewhere lock the account
        }
        Assert.StartsWith("This account is locked", await MessageAsync("192.0.2.60", user, SecurityTestHelpers.ViewerPassword), StringComparison.Ordinal);
        Assert.StartsWith("Too many failed attempts", await MessageAsync(owner, user, SecurityTestHelpers.ViewerPassword), StringComparison.Ordinal);

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Cli.Program.BuildRootCommand().Parse(["admin", "reset-password", "--user", user, "--store", factory.Storage.ConnectionString])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });

        Assert.True(exit == 0, error.ToString());
        var password = output.ToString().Split('\n').Single(l => l.StartsWith("One-time password", StringComparison.Ordinal)).Split(": ")[1].Trim();
        var signIn = await SecurityTestHelpers.PostSignInAsync(factory.ClientFrom(owner), user, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(PasswordChange.PagePath, SessionAndPasswordTests.RedirectPath(signIn));
    }

    [Fact]
    public async Task SignedInAdmin_AccountLockedByGuessesElsewhere_KeepsTheirSessionAndAdminCommands()
    {
        const string user = "busy-admin";
        var principal = await SecurityTestHelpers.EnsureUserAsync(factory.Services, user, Roles.Admin);
        await LockAsync(user, TimeSpan.FromMinutes(15));
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var identity = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value;

        Assert.True(await RevalidatingIdentityStateProvider.IsStillValidAsync(users, principal, identity));
        Assert.True(await scope.ServiceProvider.GetRequiredService<AdminGuard>().IsAdminAsync(principal));
    }

    private static string Shape(string message) => message.StartsWith("Too many", StringComparison.Ordinal) ? "wait" : message;

    private Task<string> MessageAsync(string address, string user, string password) => MessageAsync(factory.ClientFrom(address), user, password);

    private static async Task<string> MessageAsync(HttpClient client, string user, string password)
    {
        var response = await SecurityTestHelpers.PostSignInAsync(client, user, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var match = System.Text.RegularExpressions.Regex.Match(html, "<div class=\"account-error\"[^>]*>([^<]*)</div>");
        Assert.True(match.Success, "the sign-in form shows a message");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private async Task LockAsync(string userName, TimeSpan duration)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        Assert.True((await users.SetLockoutEndDateAsync(user, factory.Time.GetUtcNow() + duration)).Succeeded);
    }
}
