using System.Security.Claims;
using System.Text.Encodings.Web;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Security;

/// <summary>Authentication for automation: the X-API-Key header checked against the stored key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyValidator validator)
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
        var key = await validator.ValidateAsync(values.ToString(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Invalid or revoked API key.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "api-key:" + key.Name),
                new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
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

    /// <summary>Registers the ApiKey scheme and the selector scheme that picks it or the Identity cookie.</summary>
    internal static AuthenticationBuilder AddApiKey(AuthenticationBuilder builder) =>
        builder.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SchemeName, null)
            .AddPolicyScheme(ApiKeyOrCookieScheme, "API key or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(HeaderName) ? SchemeName : IdentityConstants.ApplicationScheme);
}
