using System.Globalization;
using System.Threading.RateLimiting;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// Per-client limit on sign-in attempts (POST /Account/Login), on top of Identity's per-account lockout: lockout
/// stops guessing one account's password, this stops one client spraying many accounts (and lockout abuse).
/// </summary>
public static class SignInRateLimiting
{
    public const string LoginPath = "/Account/Login";

    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetSection(SecurityOptions.SectionName).GetValue(nameof(SecurityOptions.SignInAttemptsPerMinute), 10);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInAttempt(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address; wait a minute and try again.", cancellationToken);
            };
        });
        return services;
    }

    private static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);

    // The client address after forwarded-header processing (trusted proxies only); all unknowns share one bucket.
    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
