using LeadScoring.Core.Storage;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Security;

/// <summary>Identity on the same store, cookie sign-in, roles and the admin policy.</summary>
public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.SectionName));

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddSingleton<ApiKeyValidator>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<UserAdministrationService>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<PasswordChangeService>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "LeadScoring.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });

        services.AddIdentityCore<IdentityUser>(o =>
            {
                // Length, not composition (NIST SP 800-63B); common passwords are refused by CommonPasswordValidator.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LeadScoringDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator<IdentityUser>>();

        // The account-wide lockout only at a high count: per-(account, client) waits (SignInThrottle) stop guessing.
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            o.Lockout.MaxFailedAccessAttempts = Math.Max(1, security.Value.AccountLockoutFailures);
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(Math.Max(1, security.Value.AccountLockoutMinutes));
        });
        // The cookie is checked against the store (security stamp) this often, not every 30 minutes: disabling,
        // demoting or a password reset renews the stamp and so ends API access by cookie as fast as open pages.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SecurityOptions>, TimeProvider>((o, security, time) =>
        {
            o.ValidationInterval = SessionRevalidation(security.Value);
            o.TimeProvider = time;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<TimeProvider>((o, time) => o.TimeProvider = time);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        services.AddScoped<AdminGuard>();
        services.AddHostedService<IdentitySeeder>();
        services.AddHostedService<ApiKeyBootstrapper>();
        return services;
    }

    /// <summary>How often a session (cookie or open page) is checked against the store (Security:SessionRevalidationSeconds).</summary>
    internal static TimeSpan SessionRevalidation(SecurityOptions options) => TimeSpan.FromSeconds(Math.Max(0, options.SessionRevalidationSeconds));
}
