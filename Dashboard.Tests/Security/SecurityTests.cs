using System.Net;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>The dashboard with a low sign-in rate limit, so the limit is reachable in a test.</summary>
public sealed class LowRateLimitAppFactory : DashboardAppFactory
{
    public LowRateLimitAppFactory()
    {
        Settings["Security:SignInAttemptsPerMinute"] = "3";
    }
}

public sealed class SecurityTests(DashboardAppFactory factory) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task HtmlResponse_HasCspWithFrameAncestorsNosniffAndReferrerPolicy()
    {
        var response = await factory.CreateClient().GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task JsonResponse_HasNosniffButNoCsp()
    {
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task SignInCookie_OverHttps_IsHttpOnlySameSiteStrictAndSecure()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var response = await SecurityTestHelpers.PostSignInAsync(client, DashboardAppFactory.AdminUser, DashboardAppFactory.AdminPassword);

        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        var auth = Assert.Single(cookies, c => c.StartsWith("LeadScoring.Auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", auth, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", auth, StringComparison.Ordinal);
        Assert.Contains("secure", auth, StringComparison.Ordinal);
        Assert.DoesNotContain("expires=", auth, StringComparison.Ordinal); // a session cookie: isPersistent false
    }

    [Fact]
    public async Task AntiforgeryCookie_IsHttpOnlyAndSameSiteStrict()
    {
        var response = await factory.CreateClient().GetAsync("/Account/Login");

        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.Contains("Antiforgery", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", antiforgery, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInForm_WithoutAntiforgeryToken_IsRefused()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(
            [new("_handler", "login"), new("Input.UserName", DashboardAppFactory.AdminUser), new("Input.Password", DashboardAppFactory.AdminPassword)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("LeadScoring.Auth=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("short-pass1", false)] // 11 characters
    [InlineData("password1234", false)] // in the shipped common list
    [InlineData("zzzzzzzzzzzz", false)] // one repeated character
    [InlineData("correct horse battery", true)] // no composition rules
    [InlineData("alllowercaseletters", true)]
    public async Task CreateUser_PasswordPolicy_LengthAndCommonListOnly(string password, bool accepted)
    {
        var admin = await SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministrationService>();

        var result = await users.CreateUserAsync(admin, "policy-" + Guid.NewGuid().ToString("N")[..8], password, Roles.Viewer);

        Assert.True(result.Allowed);
        Assert.Equal(accepted, result.Value!.Succeeded);
    }

    [Theory]
    [InlineData("/Account/Register")]
    [InlineData("/Identity/Account/Register")]
    public async Task SelfSignUp_DoesNotExist(string path)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var get = await client.GetAsync(path);
        var post = await client.PostAsync(path, new FormUrlEncodedContent([new("Input.UserName", "me"), new("Input.Password", "a-long-password-123")]));

        Assert.NotEqual(HttpStatusCode.OK, get.StatusCode);
        Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest, post.StatusCode.ToString());
    }
}

public sealed class SignInRateLimitTests(LowRateLimitAppFactory factory) : IClassFixture<LowRateLimitAppFactory>
{
    [Fact]
    public async Task SignIn_MoreAttemptsThanTheLimitPerMinute_Answers429WithRetryAfter()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await SecurityTestHelpers.PostSignInAsync(client, "nobody-" + i, "some-wrong-password")).StatusCode);
        }
        var page = await client.GetAsync("/Account/Login");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode); // only attempts are limited, not the form
        var limited = await SecurityTestHelpers.PostSignInAsync(client, DashboardAppFactory.AdminUser, DashboardAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
    }
}
