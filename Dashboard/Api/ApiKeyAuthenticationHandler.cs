using System.Security.Claims;
using System.Text.Encodings.Web;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

using LeadScoring.Dashboard.Security;

namespace LeadScoring.Dashboard.Api;

/// <summary>Authentication for automation: the X-API-Key header checked against the stored key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyValidator validator,
    LeadScoring.Core.Alerts.AuthFailureCounter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";

    /// <summary>Claim carrying the key's id, so audit records and batches name the key that acted.</summary>
    public const string KeyIdClaim = "api_key_id";

    /// <summary>The scheme used by /api/batches: the API key when the header is present, else the sign-in cookie.</summary>
    public const string ApiKeyOrCookieScheme = "ApiKeyOrCookie";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }
        var key = ApiKeyLookup.Of(Context) is { } checkedBefore
            ? checkedBefore.Key
            : await validator.ValidateAsync(values.ToString(), Context.RequestAborted);
        if (key is null)
        {
            failures.Record(); // the auth_failures_per_minute alert signal
            return AuthenticateResult.Fail("Invalid or revoked API key.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "api-key:" + key.Name),
                new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                .. ApiScopes.Each.Where(s => key.Scopes.HasFlag(s)).Select(s => new Claim(ApiScopes.ClaimType, ApiScopes.NameOf(s))),
            ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        await Response.WriteAsJsonAsync(new ErrorResponse("unauthorized",
            Request.Headers.ContainsKey(HeaderName) ? "The API key is invalid or revoked." : $"Send an API key in the {HeaderName} header, or sign in."));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new ErrorResponse("forbidden", "This key or user may not do that."));
    }

}

/// <summary>How the HTTP API authenticates: API keys or the sign-in cookie, and status codes instead of sign-in redirects.</summary>
public static class ApiAuthentication
{
    /// <summary>
    /// Every /api endpoint (and /predict* with Prediction:RequireApiKey): an API key (X-API-Key) or a signed-in user,
    /// holding the scope <see cref="ApiScopes.Endpoints"/> assigns to the endpoint.
    /// </summary>
    public const string ApiKeyOrUserPolicy = "api-key-or-user";

    /// <summary>Registers the ApiKey scheme, the selector that picks it or the Identity cookie, and the policy using both.</summary>
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(ApiKeyAuthenticationHandler.ApiKeyOrCookieScheme, "API key or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyOrUserPolicy,
            p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.ApiKeyOrCookieScheme).RequireAuthenticatedUser()
                .AddRequirements(new ApiScopeRequirement()));
        services.AddSingleton<IAuthorizationHandler, ApiScopeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiScopeResultHandler>();
        // API clients get 401/403 with an error body, not a redirect to a sign-in page they cannot use.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var toLogin = o.Events.OnRedirectToLogin;
            var toDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToLogin = context => ApiPath(context, StatusCodes.Status401Unauthorized, toLogin);
            o.Events.OnRedirectToAccessDenied = context => ApiPath(context, StatusCodes.Status403Forbidden, toDenied);
        });
        return services;
    }

    private static Task ApiPath(RedirectContext<CookieAuthenticationOptions> context, int status,
        Func<RedirectContext<CookieAuthenticationOptions>, Task> otherwise)
    {
        if (!ApiConventionsMiddleware.IsApiPath(context.Request.Path))
        {
            return otherwise(context);
        }
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(status == StatusCodes.Status401Unauthorized
            ? new ErrorResponse("unauthorized", $"Send an API key in the {ApiKeyAuthenticationHandler.HeaderName} header, or sign in.")
            : new ErrorResponse("forbidden", "You may not do that."));
    }
}
