namespace LeadScoring.Dashboard.Security;

/// <summary>Sign-in and API-key settings (section "Security").</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>User name of the admin created on first start.</summary>
    public string InitialAdminUser { get; set; } = "admin";

    /// <summary>
    /// Password of the admin created on first start. When empty a random one is generated and written once to the
    /// log, and must be changed at the first sign-in. Never put it in appsettings.json: use the environment
    /// (Security__InitialAdminPassword) or user secrets.
    /// </summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>An API key accepted from first start for automation (Security__BootstrapApiKey); stored hashed.</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>Sign-in attempts (POST /Account/Login) allowed per client address per minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Wrong passwords for one account from one client address before that pair has to wait.</summary>
    public int FailuresBeforeDelay { get; set; } = 3;

    /// <summary>The first wait, in seconds; each further failure of the same (account, client) pair doubles it.</summary>
    public int FailureDelaySeconds { get; set; } = 2;

    /// <summary>The longest wait, in seconds, between attempts of one (account, client) pair.</summary>
    public int MaxFailureDelaySeconds { get; set; } = 900;

    /// <summary>Minutes after its last failure that an (account, client) pair is forgotten.</summary>
    public int FailureMemoryMinutes { get; set; } = 60;

    /// <summary>Most (account, client) pairs remembered at once; the oldest are forgotten first beyond it.</summary>
    public int MaxTrackedSignInPairs { get; set; } = 100_000;

    /// <summary>
    /// Wrong passwords for one account, from all clients together, that lock it account-wide. High on purpose: the
    /// per-(account, client) delays stop guessing; this only stops a guess spread over very many addresses.
    /// </summary>
    public int AccountLockoutFailures { get; set; } = 50;

    /// <summary>How long an account-wide lockout lasts, in minutes (or until `leadscoring admin reset-password`).</summary>
    public int AccountLockoutMinutes { get; set; } = 15;

    /// <summary>
    /// Seconds between checks of a signed-in session (cookie and open pages) against the store: a disabled, demoted
    /// or password-reset user loses access within this time.
    /// </summary>
    public int SessionRevalidationSeconds { get; set; } = 60;

    /// <summary>Redirect HTTP to HTTPS and send HSTS (set when the dashboard is served over TLS, directly or via a proxy).</summary>
    public bool RequireHttps { get; set; }
}
