using System.Diagnostics;
using LeadScoring.Dashboard.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Observability;

/// <summary>The own metrics on /metrics, the resource that names the service, and the own spans.</summary>
public sealed class TelemetryTests(TelemetryAppFactory factory) : IClassFixture<TelemetryAppFactory>
{
    /// <summary>Every own instrument as the Prometheus exporter renders it (units and suffixes included).</summary>
    public static readonly string[] OwnMetrics =
    [
        "leadscoring_predictions_total",
        "leadscoring_inference_duration_milliseconds_bucket",
        "leadscoring_drift_share",
        "leadscoring_drift_alert_level",
        "leadscoring_prediction_drift_alert_level",
        "leadscoring_telemetry_queue_depth",
        "leadscoring_telemetry_queue_capacity",
        "leadscoring_storage_free_bytes",
        "leadscoring_storage_floor_bytes",
        "leadscoring_retention_rows_removed_total",
        "leadscoring_upload_rows_total",
        "leadscoring_api_key_failures_total",
    ];

    [Fact]
    public async Task Metrics_AfterTraffic_ListEveryOwnInstrumentAndTheServiceName()
    {
        await factory.TrafficAsync();

        var metrics = await factory.MetricsAsync();

        var missing = OwnMetrics.Where(name => !PrometheusText.Has(metrics, name)).ToList();
        Assert.True(missing.Count == 0, "Missing on /metrics: " + string.Join(", ", missing) + "\n" + PrometheusText.OwnLines(metrics));
        Assert.Contains("service_name=\"leadscoring-dashboard\"", metrics);
        Assert.DoesNotContain("unknown_service", metrics);
        Assert.Contains("leadscoring_predictions_total{otel_scope_name=\"LeadScoring\",source=\"api\"}", metrics);
        Assert.Contains("source=\"batch\"", metrics);
        Assert.Contains("source=\"upload\"", metrics);
        Assert.DoesNotContain(TelemetryAppFactory.LeadText, metrics);
        Assert.DoesNotContain(BootstrapKeyAppFactory.BootstrapKey, metrics);
    }

    [Fact]
    public async Task Spans_AfterTraffic_CoverScoringUploadStagesAndDrift()
    {
        await factory.TrafficAsync();

        var spans = Snapshot();

        var score = spans.Where(s => s.OperationName == "leadscoring.score").ToList();
        Assert.Contains(score, s => Equals(s.GetTagItem("leadscoring.source"), "api") && Equals(s.GetTagItem("leadscoring.rows"), 1));
        Assert.Contains(score, s => Equals(s.GetTagItem("leadscoring.source"), "batch") && Equals(s.GetTagItem("leadscoring.rows"), 2));
        // The ActivitySource is process-wide: other test hosts' uploads (refused, cancelled) are seen as well, so pick
        // this host's 1,000-row stored upload rather than the first one.
        var upload = spans.FirstOrDefault(s => s.OperationName == "leadscoring.upload"
            && Equals(s.GetTagItem("leadscoring.upload.outcome"), "stored") && Equals(s.GetTagItem("leadscoring.rows"), 1000));
        Assert.True(upload is not null, "No stored 1,000-row upload span among: " + string.Join("; ", spans
            .Where(s => s.OperationName == "leadscoring.upload")
            .Select(s => $"{s.GetTagItem("leadscoring.upload.outcome")}/{s.GetTagItem("leadscoring.rows")}")));
        Assert.Contains(upload.Events, e => e.Name == "Committing");
        Assert.Contains(spans, s => s.OperationName == "leadscoring.upload.score_chunk" && s.ParentSpanId == upload.SpanId);
        var drift = spans.Where(s => s.OperationName == "leadscoring.drift").ToList();
        Assert.Contains(drift, s => Equals(s.GetTagItem("leadscoring.drift.kind"), "upload") && Equals(s.GetTagItem("leadscoring.rows"), 1000)
            && Equals(s.GetTagItem("leadscoring.drift.level"), "green") && s.GetTagItem("leadscoring.drift.share") is double);
        Assert.Contains(drift, s => Equals(s.GetTagItem("leadscoring.drift.kind"), "window"));
        Assert.Contains(spans, s => s.OperationName == "leadscoring.retention.purge");
        // The framework's own spans ride along: HTTP server requests and the store's commands.
        Assert.Contains(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName.StartsWith("POST /predict", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spans_NeverCarryLeadTextOrApiKeys()
    {
        await factory.TrafficAsync();

        foreach (var span in Snapshot())
        {
            var values = span.TagObjects.Select(t => t.Value?.ToString() ?? "").Append(span.DisplayName)
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString() ?? "")).Append(span.Events.FirstOrDefault().Name ?? ""));
            foreach (var value in values)
            {
                Assert.DoesNotContain(TelemetryAppFactory.LeadText, value);
                Assert.DoesNotContain(BootstrapKeyAppFactory.BootstrapKey, value);
                Assert.DoesNotContain("lsk_not-a-key", value);
            }
        }
    }

    private List<Activity> Snapshot() => factory.Spans;
}

/// <summary>Reading the Prometheus text format.</summary>
internal static class PrometheusText
{
    /// <summary>True when a sample line of the metric is present (not only its HELP/TYPE comment).</summary>
    public static bool Has(string metrics, string name) =>
        metrics.Split('\n').Any(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal));

    public static string OwnLines(string metrics) =>
        string.Join("\n", metrics.Split('\n').Where(l => l.StartsWith("leadscoring", StringComparison.Ordinal) || l.StartsWith("target_info", StringComparison.Ordinal)).Take(60));
}
