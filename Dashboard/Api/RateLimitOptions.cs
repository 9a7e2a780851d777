namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Per-client budgets (section "RateLimits"). A client is its API key when it sends a valid one, else its address
/// (after trusted forwarded headers). Budgets refill continuously (token buckets), so the limit is also the burst.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Off for benchmarks and trusted networks: no limit is applied and no X-RateLimit-* header is sent.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>POST /predict requests per client per second (an honest client sends far fewer).</summary>
    public int PredictPerSecond { get; set; } = 5_000;

    /// <summary>Leads sent through POST /predict/batch per client per second (at least one full batch of 10,000).</summary>
    public int BatchLeadsPerSecond { get; set; } = 20_000;

    /// <summary>Requests per client per second to every other API path (/api/*, /health, /openapi); the original's advertised 100.</summary>
    public int ApiPerSecond { get; set; } = 100;

    internal void Validate()
    {
        if (PredictPerSecond < 1 || BatchLeadsPerSecond < 1 || ApiPerSecond < 1)
        {
            throw new InvalidOperationException("RateLimits: every budget must be at least 1 per second (or set RateLimits:Enabled to false).");
        }
    }
}
