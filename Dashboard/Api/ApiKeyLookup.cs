using LeadScoring.Dashboard.Security;

namespace LeadScoring.Dashboard.Api;

/// <summary>The result of checking a request's X-API-Key once: the key's identity, or null when it is not valid.</summary>
public sealed record ApiKeyLookup(ApiKeyIdentity? Key)
{
    public static ApiKeyLookup? Of(HttpContext context) => context.Items[ClientRateLimits.ApiKeyItem] as ApiKeyLookup;
}

/// <summary>
/// Checks an API request's X-API-Key before the rate limiter, so a valid key gets its own budget (and a made-up key
/// does not: it counts against its address). Authentication later reuses the result instead of asking the store again.
/// </summary>
public sealed class ApiKeyLookupMiddleware(RequestDelegate next, ApiKeyValidator validator)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (ClientRateLimits.BudgetOf(context.Request) is not (RateLimitBudget.None or RateLimitBudget.SignIn)
            && context.Request.Headers.TryGetValue(ApiKeyAuthenticationHandler.HeaderName, out var values))
        {
            var key = await validator.ValidateAsync(values.ToString(), context.RequestAborted);
            context.Items[ClientRateLimits.ApiKeyItem] = new ApiKeyLookup(key);
        }
        await next(context);
    }
}
