using System.Net;
using LeadScoring.Core.Accounts;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// Sessions follow the store within Security:SessionRevalidationSeconds (60): disabling, demoting or resetting a
/// user ends their cookie's API access as it ends their open pages. Passwords someone else set must be changed first.
/// </summary>
public sealed class SessionAndPasswordTests(AccountSecurityAppFactory factory) : IClassFixture<AccountSecurityAppFactory>
{
    private const string AnyBatch = "/api/batches/987654321"; // 404 when signed in, 401 when not

    [Fact]
    public async Task DisablingAUser_EndsTheirCookieApiAccessWithinAMinute()
    {
        var (client, id) = await SignedInAsync("api-disabled-1", Roles.Viewer);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyBatch)).StatusCode);

        Assert.True((await AdminCommandsAsync(s => s.DisableAsync(AdminPrincipal(), id))).Succeeded);
        factory.Time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(AnyBatch)).StatusCode);
    }

    [Fact]
    public async Task DemotingAnAdmin_EndsTheirCookieAdminAndApiAccessWithinAMinute()
    {
        var (client, id) = await SignedInAsync("api-demoted-1", Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);

        Assert.True((await AdminCommandsAsync(s => s.SetRoleAsync(AdminPrincipal(), id, Roles.Viewer))).Succeeded);
        factory.Time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(AnyBatch)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task AdminResetsAPassword_Audited_OldSessionEnds_NewPasswordMustBeChangedFirst()
    {
        var (oldSession, id) = await SignedInAsync("reset-target-1", Roles.Viewer);

        var reset = await AdminCommandsAsync(s => s.ResetPasswordAsync(AdminPrincipal(), id, "temporary-password-4821"));
        factory.Time.Advance(TimeSpan.FromSeconds(61));

        Assert.True(reset.Succeeded);
        await using (var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext())
        {
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "reset password" && a.Target == id && a.Succeeded && a.UserName == DashboardAppFactory.AdminUser));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldSession.GetAsync(AnyBatch)).StatusCode);
        var client = factory.ClientFrom("198.51.100.31");
        var signIn = await SecurityTestHelpers.PostSignInAsync(client, "reset-target-1", "temporary-password-4821");
        Assert.Equal(PasswordChange.PagePath, RedirectPath(signIn));
        Assert.Equal(PasswordChange.PagePath, RedirectPath(await client.GetAsync("/")));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(AnyBatch)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_AnyUser_WrongCurrentRefused_ThenChanged_NewOneSignsIn()
    {
        var (client, _) = await SignedInAsync("changer-1", Roles.Viewer);

        var wrong = await PostChangeAsync(client, "not-my-password-x", "my-own-new-password-1");
        var right = await PostChangeAsync(client, SecurityTestHelpers.ViewerPassword, "my-own-new-password-1");

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The current password is wrong.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyBatch)).StatusCode); // the session was renewed, not ended
        var again = await SecurityTestHelpers.PostSignInAsync(factory.ClientFrom("198.51.100.32"), "changer-1", "my-own-new-password-1");
        Assert.Equal("/", RedirectPath(again));
    }

    /// <summary>The path a redirect points to (NavigateTo gives absolute addresses, the middleware relative ones).</summary>
    internal static string? RedirectPath(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? new Uri(new Uri("http://localhost"), location).AbsolutePath : null;

    /// <summary>Posts the change-password form of a signed-in client.</summary>
    internal static async Task<HttpResponseMessage> PostChangeAsync(HttpClient client, string current, string newPassword)
    {
        var page = await client.GetAsync(PasswordChange.PagePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = SecurityTestHelpers.FormToken(await page.Content.ReadAsStringAsync());
        return await client.PostAsync(PasswordChange.PagePath, new FormUrlEncodedContent(
        [
            new("_handler", "change-password"), new("__RequestVerificationToken", token),
            new("Input.CurrentPassword", current), new("Input.NewPassword", newPassword), new("Input.ConfirmPassword", newPassword),
        ]));
    }

    private System.Security.Claims.ClaimsPrincipal AdminPrincipal() =>
        SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser).GetAwaiter().GetResult();

    private async Task<UserCommandResult> AdminCommandsAsync(Func<UserAdministrationService, Task<AdminResult<UserCommandResult>>> command)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await command(scope.ServiceProvider.GetRequiredService<UserAdministrationService>());
        Assert.True(result.Allowed);
        return result.Value!;
    }

    private async Task<(HttpClient Client, string UserId)> SignedInAsync(string user, string role)
    {
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, user, role);
        var client = factory.ClientFrom("198.51.100.30");
        var response = await SecurityTestHelpers.PostSignInAsync(client, user, SecurityTestHelpers.ViewerPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, await SecurityTestHelpers.UserIdAsync(factory.Services, user));
    }
}

/// <summary>The dashboard started with no configured admin password: it generates one and logs it once.</summary>
public sealed class GeneratedAdminAppFactory : AccountSecurityAppFactory
{
    public GeneratedAdminAppFactory()
    {
        Settings["Security:InitialAdminPassword"] = "";
    }
}

public sealed class GeneratedAdminPasswordTests(GeneratedAdminAppFactory factory) : IClassFixture<GeneratedAdminAppFactory>
{
    [Fact]
    public async Task GeneratedFirstAdminPassword_MustBeChangedBeforeAnyPageOrApi()
    {
        const string known = "stand-in-for-the-logged-one";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // The generated password went only to the log; the test gives the same account a known one, claims untouched.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var admin = (await users.FindByNameAsync(DashboardAppFactory.AdminUser))!;
            Assert.Contains(await users.GetClaimsAsync(admin), c => c.Type == AccountClaims.MustChangePassword);
            Assert.True((await users.RemovePasswordAsync(admin)).Succeeded);
            Assert.True((await users.AddPasswordAsync(admin, known)).Succeeded);
        }
        var client = factory.ClientFrom("198.51.100.40");

        var signIn = await SecurityTestHelpers.PostSignInAsync(client, DashboardAppFactory.AdminUser, known);
        var page = await client.GetAsync("/admin");
        var api = await client.GetAsync("/api/batches/1");
        var changed = await SessionAndPasswordTests.PostChangeAsync(client, known, "the-admins-own-password-9");
        var pageAfter = await client.GetAsync("/admin");

        Assert.Equal(PasswordChange.PagePath, SessionAndPasswordTests.RedirectPath(signIn));
        Assert.Equal(PasswordChange.PagePath, SessionAndPasswordTests.RedirectPath(page));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("/", SessionAndPasswordTests.RedirectPath(changed));
        Assert.Equal(HttpStatusCode.OK, pageAfter.StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.DoesNotContain(await users.GetClaimsAsync((await users.FindByNameAsync(DashboardAppFactory.AdminUser))!), c => c.Type == AccountClaims.MustChangePassword);
        }
    }
}
