using System.Collections.Concurrent;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Dashboard.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadScoring.Dashboard.Tests.Alerts;

/// <summary>
/// The dashboard for channel tests: a clock the test moves, 3 attempts, a 30 s first retry, everything logged
/// (Information and up, HTTP client included) into <see cref="Log"/> so tests can look for leaked secrets.
/// </summary>
public sealed class AlertChannelAppFactory : DashboardAppFactory
{
    public ShiftedTimeProvider Time { get; } = new();
    public ConcurrentQueue<string> Log { get; } = new();

    public AlertChannelAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
        Settings["Alerts:Delivery:MaxAttempts"] = "3";
        Settings["Alerts:Delivery:FirstRetrySeconds"] = "30";
        Settings["Alerts:Delivery:TimeoutSeconds"] = "5";
        Settings["Alerts:PublicBaseUrl"] = "https://dash.example.com";
        Settings["Alerts:Smtp:From"] = "alerts@example.com";
        Settings["Logging:LogLevel:Default"] = "Information";
    }

    public HttpClient AdminKeyClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Log)));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, log);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
