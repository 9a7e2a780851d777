using LeadScoring.Dashboard.Security;
using System.Globalization;
using System.Threading.RateLimiting;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Api;

/// <summary>Which budget a request draws from.</summary>
public enum RateLimitBudget
{
    None,
    SignIn,
    Predict,
    BatchLeads,
    Api,
}

/// <summary>
/// The service's rate limits, built on System.Threading.RateLimiting and ASP.NET Core's rate-limiting middleware:
/// sign-in attempts per address, /predict requests and other API requests per client (the middleware's global
/// limiter), and /predict/batch leads per client (acquired by the endpoint once it knows the batch size). It also
/// reports the answering partition's state for the X-RateLimit-* headers, so they tell the truth.
/// </summary>
public sealed class ClientRateLimits : IDisposable
{
    /// <summary>HttpContext item holding the request's <see cref="ApiKeyLookup"/> (set before the limiter runs).</summary>
    public const string ApiKeyItem = "LeadScoring.ApiKey";

    private readonly RateLimitOptions _options;
    private readonly int _signInPerMinute;
    private readonly PartitionedRateLimiter<string> _batchLeads;

    public ClientRateLimits(IOptions<RateLimitOptions> options, IOptions<SecurityOptions> security)
    {
        _options = options.Value;
        _options.Validate();
        _signInPerMinute = security.Value.SignInAttemptsPerMinute;
        Requests = PartitionedRateLimiter.Create<HttpContext, (RateLimitBudget Budget, string Client)>(Partition);
        _batchLeads = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetTokenBucketLimiter(client, _ => Bucket(_options.BatchLeadsPerSecond)));
    }

    public bool Enabled => _options.Enabled;

    /// <summary>The middleware's global limiter: one partition per (budget, client).</summary>
    public PartitionedRateLimiter<HttpContext> Requests { get; }

    public static RateLimitBudget BudgetOf(HttpRequest request)
    {
        var path = request.Path;
        if (HttpMethods.IsPost(request.Method) && path.Equals(RateLimiting.LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitBudget.SignIn;
        }
        if (path.Equals("/predict/batch", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitBudget.BatchLeads;
        }
        if (path.Equals("/predict", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitBudget.Predict;
        }
        return ApiConventionsMiddleware.IsApiPath(path) ? RateLimitBudget.Api : RateLimitBudget.None;
    }

    /// <summary>The client a budget belongs to: the validated API key, else the address (one bucket for unknowns).</summary>
    public static string ClientOf(HttpContext context) =>
        context.Items[ApiKeyItem] is ApiKeyLookup { Key: { } key }
            ? "key:" + key.Id.ToString(CultureInfo.InvariantCulture)
            : AddressOf(context);

    // The client's address after trusted forwarded headers; every unknown one shares one bucket.
    private static string AddressOf(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>Takes <paramref name="leads"/> from the client's /predict/batch budget; a failed lease carries Retry-After.</summary>
    public RateLimitLease AcquireLeads(HttpContext context, int leads)
    {
        if (!_options.Enabled)
        {
            return s_granted;
        }
        // A batch larger than the whole budget could never pass; it is refused like any other over-budget batch.
        var permits = Math.Clamp(leads, 1, _options.BatchLeadsPerSecond);
        return leads > _options.BatchLeadsPerSecond ? s_tooLarge : _batchLeads.AttemptAcquire(ClientOf(context), permits);
    }

    /// <summary>The limit, what is left and seconds until full, of the budget this request drew from; null when none.</summary>
    public (long Limit, long Remaining, int ResetSeconds)? StateOf(HttpContext context)
    {
        if (!_options.Enabled)
        {
            return null;
        }
        var budget = BudgetOf(context.Request);
        var (limit, stats) = budget switch
        {
            RateLimitBudget.Predict => (_options.PredictPerSecond, Requests.GetStatistics(context)),
            RateLimitBudget.Api => (_options.ApiPerSecond, Requests.GetStatistics(context)),
            RateLimitBudget.BatchLeads => (_options.BatchLeadsPerSecond, _batchLeads.GetStatistics(ClientOf(context))),
            _ => (0, null),
        };
        if (stats is null)
        {
            return null;
        }
        var remaining = Math.Clamp(stats.CurrentAvailablePermits, 0, limit);
        return (limit, remaining, (int)Math.Ceiling((limit - remaining) / (double)limit));
    }

    /// <summary>The message of a 429: which budget, its size and the setting that changes it.</summary>
    public string Describe(RateLimitBudget budget) => budget switch
    {
        RateLimitBudget.Predict => $"Rate limit: at most {_options.PredictPerSecond} requests per second to /predict per client (RateLimits:PredictPerSecond).",
        RateLimitBudget.BatchLeads => $"Rate limit: at most {_options.BatchLeadsPerSecond} leads per second through /predict/batch per client (RateLimits:BatchLeadsPerSecond).",
        RateLimitBudget.Api => $"Rate limit: at most {_options.ApiPerSecond} API requests per second per client (RateLimits:ApiPerSecond).",
        _ => "Too many sign-in attempts from this address; wait a minute and try again.",
    };

    public static IResult Rejected(HttpContext context, RateLimitLease lease, string message)
    {
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(new ErrorResponse("rate_limited", message), statusCode: StatusCodes.Status429TooManyRequests);
    }

    public void Dispose()
    {
        Requests.Dispose();
        _batchLeads.Dispose();
    }

    private RateLimitPartition<(RateLimitBudget, string)> Partition(HttpContext context)
    {
        var budget = BudgetOf(context.Request);
        if (budget == RateLimitBudget.SignIn)
        {
            // Sign-in stays limited when the API limits are off: it protects passwords, not capacity.
            var address = AddressOf(context);
            return RateLimitPartition.GetFixedWindowLimiter((budget, address), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _signInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            });
        }
        if (!_options.Enabled || budget is RateLimitBudget.None or RateLimitBudget.BatchLeads)
        {
            return RateLimitPartition.GetNoLimiter((RateLimitBudget.None, ""));
        }
        var perSecond = budget == RateLimitBudget.Predict ? _options.PredictPerSecond : _options.ApiPerSecond;
        return RateLimitPartition.GetTokenBucketLimiter((budget, ClientOf(context)), _ => Bucket(perSecond));
    }

    // Refilled every 100 ms (a tenth of the budget) so a client over its budget waits a fraction of a second, not a
    // whole one; budgets under 10 per second refill once a second.
    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond >= 10 ? perSecond / 10 : perSecond,
        ReplenishmentPeriod = perSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static readonly RateLimitLease s_granted = new FixedLease(true);
    private static readonly RateLimitLease s_tooLarge = new FixedLease(false);

    private sealed class FixedLease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
