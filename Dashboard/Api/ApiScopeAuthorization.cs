using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Dashboard.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace LeadScoring.Dashboard.Api;

/// <summary>The caller holds the scope <see cref="ApiScopes.Endpoints"/> names for the endpoint being called.</summary>
public sealed class ApiScopeRequirement : IAuthorizationRequirement;

/// <summary>
/// Looks the endpoint up in <see cref="ApiScopes.Endpoints"/> and checks the caller's scopes. An unlisted endpoint is
/// refused, so a new endpoint cannot ship without someone deciding its scope.
/// </summary>
public sealed class ApiScopeHandler : AuthorizationHandler<ApiScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (ApiScopes.RequiredFor(http.Request.Method, pattern) is not { } needed)
        {
            context.Fail(new AuthorizationFailureReason(this, "This endpoint has no scope assigned."));
            return Task.CompletedTask;
        }
        if (ApiScopes.GrantedTo(context.User, ApiKeyAuthenticationHandler.SchemeName).HasFlag(needed))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new ScopeMissing(this, needed, IsApiKey(context.User)));
        }
        return Task.CompletedTask;
    }

    internal static bool IsApiKey(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName);

    /// <summary>The refusal, carrying the scope the caller lacked so the 403 can name it.</summary>
    public sealed class ScopeMissing(IAuthorizationHandler handler, ApiScope needed, bool byApiKey)
        : AuthorizationFailureReason(handler, byApiKey
            ? $"This API key lacks the '{ApiScopes.NameOf(needed)}' scope."
            : $"Your role does not include the '{ApiScopes.NameOf(needed)}' scope.");
}

/// <summary>Answers a missing scope with 403 and an <see cref="ErrorResponse"/> naming the scope; anything else as usual.</summary>
public sealed class ApiScopeResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var missing = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ApiScopeHandler.ScopeMissing>().FirstOrDefault()
            : null;
        if (missing is null)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new ErrorResponse("forbidden", missing.Message));
    }
}
