using System.Collections.Concurrent;
using System.Text;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LeadScoring.Dashboard.Tests.Observability;

/// <summary>OTLP/HTTP export to a real local receiver, switched on by OTEL_EXPORTER_OTLP_ENDPOINT alone.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_TracesAndMetricsArriveAsProtobuf()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var app = new DashboardAppFactory();
        app.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url;
        app.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        var client = app.CreateClient();

        (await client.PostAsync("/predict", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // The pull-based Prometheus reader answers false to a flush, so wait for the push of the OTLP reader instead.
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        for (var i = 0; i < 100 && !receiver.Requests.Any(r => r.Path == "/v1/metrics"); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(receiver.Requests, r => r.Path == "/v1/traces" && r.Bytes > 0 && r.ContentType == "application/x-protobuf");
        Assert.Contains(receiver.Requests, r => r.Path == "/v1/metrics" && r.Bytes > 0 && r.ContentType == "application/x-protobuf");
        // The resource travels in every export request: the service's name is in the protobuf bytes.
        Assert.Contains(receiver.Requests, r => r.Path == "/v1/metrics" && r.Body.Contains("leadscoring-dashboard", StringComparison.Ordinal));
        Assert.Contains(receiver.Requests, r => r.Path == "/v1/traces" && r.Body.Contains("leadscoring.score", StringComparison.Ordinal));
    }

    /// <summary>A minimal OTLP/HTTP collector: Kestrel on a free loopback port, recording what is POSTed.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpReceiver(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public ConcurrentBag<Received> Requests { get; } = [];

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            OtlpReceiver? receiver = null;
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer);
                // Latin-1 keeps every byte as one char, so strings inside the protobuf can be searched.
                receiver!.Requests.Add(new Received(context.Request.Path, context.Request.ContentType, buffer.Length,
                    Encoding.Latin1.GetString(buffer.ToArray())));
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver = new OtlpReceiver(app, url);
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private sealed record Received(string Path, string? ContentType, long Bytes, string Body);
}
