using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadScoring.Dashboard.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>A store with no model and no demo data: the API must say so, not pretend to be healthy.</summary>
[Trait("Store", "both")]
public sealed class NoModelApiTests : IClassFixture<NoModelApiTests.NoModelFactory>
{
    private readonly HttpClient _client;

    public NoModelApiTests(NoModelFactory factory) => _client = factory.CreateClient();

    public sealed class NoModelFactory : DashboardAppFactory
    {
        public NoModelFactory() => Settings["DemoData:Directory"] = Path.Combine(Path.GetTempPath(), "no-demo-data-here");
    }

    [Fact]
    public async Task Health_NoModel_IsDegradedWithModelLoadedFalse()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("model_loaded").GetBoolean());
    }

    [Theory]
    [InlineData("/predict", "{}")]
    [InlineData("/predict/batch", """{"leads":[{}]}""")]
    public async Task Predict_NoModel_Returns503ServiceUnavailable(string path, string body)
    {
        var response = await _client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("service_unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
