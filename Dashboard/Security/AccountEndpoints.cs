using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace LeadScoring.Dashboard.Security;

/// <summary>Sign-out as a POST with antiforgery (a GET link could sign users out from another site).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // POST /Account/Logout
        endpoints.MapPost("/Account/Logout", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, SignInManager<IdentityUser> signInManager) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.BadRequest();
            }
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }
}
