using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace LeadScoring.Dashboard.Api;

/// <summary>API clients get 401/403, not a redirect to the sign-in page they cannot use.</summary>
public static class ApiCookieChallenge
{
    public static IServiceCollection AddApiCookieChallenge(this IServiceCollection services)
    {
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var toLogin = o.Events.OnRedirectToLogin;
            var toDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized, toLogin);
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden, toDenied);
        });
        return services;
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status,
        Func<RedirectContext<CookieAuthenticationOptions>, Task> otherwise)
    {
        if (!ApiConventionsMiddleware.IsApiPath(context.Request.Path))
        {
            return otherwise(context);
        }
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
