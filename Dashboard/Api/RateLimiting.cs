using System.Globalization;
using System.Threading.RateLimiting;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.AspNetCore.RateLimiting;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Registers ASP.NET Core's rate limiter with <see cref="ClientRateLimits"/> as its global limiter: per-client
/// sign-in attempts (POST /Account/Login, on top of Identity's lockout: this stops one client spraying many
/// accounts) and the API budgets of section "RateLimits".
/// </summary>
public static class RateLimiting
{
    public const string LoginPath = "/Account/Login";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddSingleton<ClientRateLimits>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<ClientRateLimits>((o, limits) => o.GlobalLimiter = limits.Requests);
        return services;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var budget = ClientRateLimits.BudgetOf(http.Request);
        var message = http.RequestServices.GetRequiredService<ClientRateLimits>().Describe(budget);
        if (budget == RateLimitBudget.SignIn)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(message, cancellationToken);
            return;
        }
        await http.Response.WriteAsJsonAsync(new ErrorResponse("rate_limited", message), cancellationToken);
    }
}
