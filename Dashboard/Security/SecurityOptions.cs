namespace LeadScoring.Dashboard.Security;

/// <summary>Sign-in and API-key settings (section "Security").</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>User name of the admin created on first start.</summary>
    public string InitialAdminUser { get; set; } = "admin";

    /// <summary>
    /// Password of the admin created on first start. When empty a random one is generated and written once to the
    /// log. Never put it in appsettings.json: use the environment (Security__InitialAdminPassword) or user secrets.
    /// </summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>An API key accepted from first start for automation (Security__BootstrapApiKey); stored hashed.</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>Sign-in attempts (POST /Account/Login) allowed per client address per minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Redirect HTTP to HTTPS and send HSTS (set when the dashboard is served over TLS, directly or via a proxy).</summary>
    public bool RequireHttps { get; set; }
}
