using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using LeadScoring.Core.Storage.Retention;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LeadScoring.Dashboard.Tests.Observability;

/// <summary>
/// The real app with an API key, spans collected in memory, and <see cref="TrafficAsync"/>: one of each thing the
/// service measures, so /metrics holds every own instrument afterwards.
/// </summary>
public sealed class TelemetryAppFactory : DashboardAppFactory
{
    public TelemetryAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
    }

    /// <summary>A lead text no span, log line or metric label may ever carry.</summary>
    public const string LeadText = "confidential-lead-summary-4711";

    private readonly SemaphoreSlim _trafficOnce = new(1, 1);
    private bool _trafficSent;

    private readonly SpanCollector _spans = new();

    /// <summary>A copy of the spans ended so far (by any host in the process: the ActivitySource is process-wide).</summary>
    public List<Activity> Spans => _spans.Snapshot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(_spans)));
    }

    public HttpClient KeyClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    /// <summary>/predict, /predict/batch, an upload (with its drift run), a window drift run, a bad key and a purge, once.</summary>
    public async Task TrafficAsync()
    {
        await _trafficOnce.WaitAsync();
        try
        {
            if (_trafficSent)
            {
                return;
            }
            var client = KeyClient();
            var lead = $$"""{"summary":"{{LeadText}}","llm_quality":70}""";
            (await client.PostAsync("/predict", new StringContent(lead, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await client.PostAsync("/predict/batch", new StringContent($$"""{"leads":[{{lead}},{}]}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestPaths.DataDirectory, "scenarios", "no_drift_baseline.csv")));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "leads.csv");
            (await client.PostAsync("/api/batches", form)).EnsureSuccessStatusCode();
            var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
            (await client.PostAsync($"/api/drift?from={from}", null)).EnsureSuccessStatusCode();
            var stranger = CreateClient();
            stranger.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "lsk_not-a-key-0123456789abcdef0123");
            await stranger.GetAsync("/api/batches");
            await Services.GetRequiredService<StoreRetention>().PurgeAsync();
            _trafficSent = true;
        }
        finally
        {
            _trafficOnce.Release();
        }
    }

    public async Task<string> MetricsAsync()
    {
        // The scrape response is cached briefly (ScrapeResponseCacheDurationMilliseconds); wait past it for fresh values.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        return await CreateClient().GetStringAsync("/metrics");
    }
}

/// <summary>
/// Collects ended spans under a lock. The in-memory exporter appends to a plain list from whichever thread ends a span;
/// with parallel test hosts ending spans at once, appends were lost (a missing drift span failed CI twice).
/// </summary>
internal sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly List<Activity> _ended = [];

    public override void OnEnd(Activity data)
    {
        lock (_ended)
        {
            _ended.Add(data);
        }
    }

    public List<Activity> Snapshot()
    {
        lock (_ended)
        {
            return [.. _ended];
        }
    }
}
