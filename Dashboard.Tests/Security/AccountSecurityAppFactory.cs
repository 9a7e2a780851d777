using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>The wall clock plus an offset a test moves forward (timers stay real, so background services run as usual).</summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

/// <summary>
/// The dashboard for account tests: each request's client address comes from the X-Test-Client header (the test
/// server has none), the clock can be moved forward, the account-wide lockout is reachable (8 failures)
/// and the first wait of an (account, client) pair is 60 s.
/// </summary>
public class AccountSecurityAppFactory : DashboardAppFactory
{
    public const string ClientHeader = ClientAddressFromHeader.Header;

    public ShiftedTimeProvider Time { get; } = new();

    public AccountSecurityAppFactory()
    {
        Settings["Security:AccountLockoutFailures"] = "8";
        Settings["Security:FailureDelaySeconds"] = "60"; // a wait that outlasts the test
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
        });
    }

    /// <summary>A cookie-keeping client that always appears to come from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }
}
