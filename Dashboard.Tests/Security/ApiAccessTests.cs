using System.Net;
using System.Text;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>A key-holding job can call every /api endpoint a signed-in user can; unknown paths share one name.</summary>
public sealed class ApiAccessTests(BootstrapKeyAppFactory factory) : IClassFixture<BootstrapKeyAppFactory>
{
    private HttpClient KeyClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    [Theory]
    [InlineData("GET", "/api/predictions/export?window=all")]
    [InlineData("POST", "/api/drift?from=2020-01-01T00:00:00Z")]
    [InlineData("GET", "/api/performance")]
    [InlineData("GET", "/api/models/challenger/comparison")]
    [InlineData("GET", "/api/models/promotions")]
    [InlineData("GET", "/api/batches/999999")]
    public async Task ApiEndpoint_AcceptsAValidKey_AndRefusesNone(string method, string path)
    {
        using var withKey = await KeyClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        using var withoutKey = await factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.NotEqual(HttpStatusCode.Unauthorized, withKey.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task UnknownApiPaths_AreStoredUnderOneEndpointName()
    {
        var client = factory.CreateClient();
        var probes = Enumerable.Range(0, 5).Select(i => "/api/no-such-" + Guid.NewGuid().ToString("N")).ToList();
        foreach (var path in probes)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }

        var dbFactory = factory.Services.GetRequiredService<ILeadScoringDbFactory>();
        var unmatched = 0;
        for (var attempt = 0; attempt < 50 && unmatched < 5; attempt++)
        {
            await Task.Delay(100);
            await using var db = dbFactory.CreateDbContext();
            unmatched = await db.ApiRequests.CountAsync(r => r.Endpoint == ApiConventionsMiddleware.UnmatchedEndpoint);
        }
        await using var check = dbFactory.CreateDbContext();
        Assert.True(unmatched >= 5);
        Assert.False(await check.ApiRequests.AnyAsync(r => r.Endpoint.StartsWith("/api/no-such-")));
    }
}

/// <summary>Prediction:RequireApiKey makes /predict* need a key; /health answers from a result at most 1 s old.</summary>
public sealed class RequireApiKeyAppFactory : DashboardAppFactory
{
    public int HealthChecksRun;

    public RequireApiKeyAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
        Settings["Prediction:RequireApiKey"] = "true";
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddHealthChecks().AddCheck("counted", () =>
        {
            Interlocked.Increment(ref HealthChecksRun);
            return HealthCheckResult.Healthy();
        }));
    }
}

public sealed class RequireApiKeyTests(RequireApiKeyAppFactory factory) : IClassFixture<RequireApiKeyAppFactory>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Predict_WithoutKey401_WithKey200()
    {
        var anonymous = factory.CreateClient();
        var keyed = factory.CreateClient();
        keyed.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/predict", Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/predict/batch", Json("""{"leads":[{}]}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keyed.PostAsync("/predict", Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keyed.PostAsync("/predict/batch", Json("""{"leads":[{}]}"""))).StatusCode);
    }

    [Fact]
    public async Task Health_PolledInALoop_RunsTheChecksAtMostOncePerSecond()
    {
        var client = factory.CreateClient();
        await client.GetAsync("/health");
        var before = Volatile.Read(ref factory.HealthChecksRun);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }
        var ran = Volatile.Read(ref factory.HealthChecksRun) - before;

        // One refresh per started second at most (the cache's age bound), however many calls.
        Assert.InRange(ran, 0, (int)Math.Ceiling(started.Elapsed.TotalSeconds) + 1);
    }
}

/// <summary>Security:RequireHttps redirects HTTP to HTTPS and sends HSTS.</summary>
public sealed class RequireHttpsTests : IDisposable
{
    private readonly DashboardAppFactory _factory = new();

    public RequireHttpsTests()
    {
        _factory.Settings["Security:RequireHttps"] = "true";
        _factory.Settings["https_port"] = "443";
    }

    [Fact]
    public async Task Http_IsRedirected_Https_CarriesHsts()
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("http://dashboard.example"),
        });
        var plain = await client.GetAsync("/Account/Login");
        var secure = await client.GetAsync("https://dashboard.example/Account/Login");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://dashboard.example/Account/Login", plain.Headers.Location?.ToString());
        Assert.StartsWith("max-age=", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();
}
