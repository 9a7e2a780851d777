using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// The dashboard with small budgets so they are reachable in a test, behind a "proxy" at 10.9.9.9 that the
/// configuration trusts: requests carry the address the test puts in <see cref="RemoteHeader"/> as the connection's.
/// </summary>
public sealed class SmallBudgetAppFactory : DashboardAppFactory
{
    public const string RemoteHeader = ClientAddressFromHeader.Header;

    public SmallBudgetAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
        Settings["RateLimits:PredictPerSecond"] = "5";
        Settings["RateLimits:BatchLeadsPerSecond"] = "8";
        Settings["RateLimits:ApiPerSecond"] = "4";
        Settings["ForwardedHeaders:KnownNetworks:0"] = "10.9.9.0/24";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
    }
}

/// <summary>Per-client budgets for /predict, /predict/batch (in leads) and the rest, from RateLimits:*.</summary>
public sealed class RateLimitTests(SmallBudgetAppFactory factory) : IClassFixture<SmallBudgetAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string remote, string? apiKey = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Add(SmallBudgetAppFactory.RemoteHeader, remote);
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return await _client.SendAsync(request);
    }

    private static string Batch(int leads) => "{\"leads\":[" + string.Join(",", Enumerable.Repeat("{}", leads)) + "]}";

    [Fact]
    public async Task Predict_OverTheClientsBudget_Answers429WithRetryAfterAndTheLimitsName()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            responses.Add(await PostAsync("/predict", "{}", "192.0.2.10"));
        }

        Assert.All(responses.Take(5), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var body = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("RateLimits:PredictPerSecond", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The headers describe the budget that answered: 5 per second, one used by the first request.
        Assert.Equal("5", responses[0].Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("4", responses[0].Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("1", responses[0].Headers.GetValues("X-RateLimit-Reset").Single());
    }

    [Fact]
    public async Task Predict_AnotherClientOrAValidKey_HasItsOwnBudget_AMadeUpKeyDoesNot()
    {
        for (var i = 0; i < 8; i++)
        {
            await PostAsync("/predict", "{}", "192.0.2.20");
        }
        var sameAddress = await PostAsync("/predict", "{}", "192.0.2.20");
        var madeUpKey = await PostAsync("/predict", "{}", "192.0.2.20", apiKey: "lsk_made-up-key-0000000000000000000000");
        var validKey = await PostAsync("/predict", "{}", "192.0.2.20", apiKey: BootstrapKeyAppFactory.BootstrapKey);
        var otherAddress = await PostAsync("/predict", "{}", "192.0.2.21");

        Assert.Equal(HttpStatusCode.TooManyRequests, sameAddress.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, madeUpKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, validKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task PredictBatch_IsCountedInLeads()
    {
        var first = await PostAsync("/predict/batch", Batch(6), "192.0.2.30");
        var second = await PostAsync("/predict/batch", Batch(6), "192.0.2.30");
        var tooLargeEver = await PostAsync("/predict/batch", Batch(9), "192.0.2.31");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("8", first.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("2", first.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("leads per second", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooLargeEver.StatusCode);
    }

    [Fact]
    public async Task OtherApiPaths_HaveTheirOwnBudget_PredictIsUntouched()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
            request.Headers.Add(SmallBudgetAppFactory.RemoteHeader, "192.0.2.40");
            statuses.Add((await _client.SendAsync(request)).StatusCode);
        }
        var predict = await PostAsync("/predict", "{}", "192.0.2.40");

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_BelievedFromATrustedProxyOnly()
    {
        // Through the trusted proxy (10.9.9.9) two clients have separate budgets.
        for (var i = 0; i < 8; i++)
        {
            await PostAsync("/predict", "{}", "10.9.9.9", forwardedFor: "198.51.100.1");
        }
        var sameClient = await PostAsync("/predict", "{}", "10.9.9.9", forwardedFor: "198.51.100.1");
        var otherClient = await PostAsync("/predict", "{}", "10.9.9.9", forwardedFor: "198.51.100.2");
        // From an untrusted peer the header is ignored: a forged address does not buy a new budget.
        for (var i = 0; i < 8; i++)
        {
            await PostAsync("/predict", "{}", "192.0.2.50", forwardedFor: "198.51.100.3");
        }
        var forged = await PostAsync("/predict", "{}", "192.0.2.50", forwardedFor: "198.51.100.4");

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, forged.StatusCode);
    }
}

/// <summary>RateLimits:Enabled=false switches every API limit off, and no X-RateLimit-* header is sent.</summary>
public sealed class RateLimitsOffTests : IDisposable
{
    private readonly DashboardAppFactory _factory = new();

    public RateLimitsOffTests()
    {
        _factory.Settings["RateLimits:Enabled"] = "false";
        _factory.Settings["RateLimits:PredictPerSecond"] = "2";
    }

    [Fact]
    public async Task NoLimit_NoHeaders()
    {
        var client = _factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 10; i++)
        {
            last = await client.PostAsync("/predict", new StringContent("{}", Encoding.UTF8, "application/json"));
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.False(last!.Headers.Contains("X-RateLimit-Limit"));
    }

    public void Dispose() => _factory.Dispose();
}
