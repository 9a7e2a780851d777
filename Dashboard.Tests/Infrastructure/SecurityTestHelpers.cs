using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard with a bootstrap API key configured (Security:BootstrapApiKey).</summary>
public sealed class BootstrapKeyAppFactory : DashboardAppFactory
{
    public const string BootstrapKey = "lsk_test-bootstrap-key-0123456789abcdef";

    public BootstrapKeyAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKey;
    }
}

/// <summary>Users, principals and cookie sign-in for security tests.</summary>
public static partial class SecurityTestHelpers
{
    public const string ViewerPassword = "viewer-password-9d2m";

    /// <summary>Creates (if needed) a user in a role and returns the principal a sign-in would give them now.</summary>
    public static async Task<ClaimsPrincipal> EnsureUserAsync(IServiceProvider services, string userName, string role, string password = ViewerPassword)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            user = new IdentityUser(userName);
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
        return await PrincipalAsync(services, userName);
    }

    public static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string userName)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>();
        return await signIn.CreateUserPrincipalAsync((await users.FindByNameAsync(userName))!);
    }

    public static ClaimsPrincipal Anonymous { get; } = new(new ClaimsIdentity());

    public static async Task<string> UserIdAsync(IServiceProvider services, string userName)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return (await users.FindByNameAsync(userName))!.Id;
    }

    /// <summary>Signs <paramref name="client"/> in through the real form (antiforgery token included); returns the POST's response.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(
        [
            new("_handler", "login"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
            new("Input.UserName", user), new("Input.Password", password),
        ]));
    }

    /// <summary>The antiforgery token of a page's form.</summary>
    public static string FormToken(string html) => WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
