using System.Net;
using System.Text;
using LeadScoring.Core.Storage.Cluster;
using LeadScoring.Dashboard.Services;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadScoring.Dashboard.Tests.Cluster;

/// <summary>A scoring-only host (Role=api).</summary>
public sealed class ApiRoleAppFactory : DashboardAppFactory
{
    // The store an api instance joins is migrated and seeded by a dashboard instance, started first on the same file.
    private readonly DashboardAppFactory _dashboard = new();

    public ApiRoleAppFactory()
    {
        _ = _dashboard.Services;
        Settings["Role"] = "api";
        Settings["Storage:ConnectionString"] = $"Data Source={_dashboard.DatabasePath}";
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dashboard.Dispose();
        }
    }
}

public sealed class HostRoleTests(ApiRoleAppFactory factory) : IClassFixture<ApiRoleAppFactory>
{
    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/models")]
    [InlineData("GET", "/account/login")]
    [InlineData("GET", "/api/models/promotions")]
    [InlineData("POST", "/api/models/rollback")]
    [InlineData("GET", "/api/alerts")]
    [InlineData("POST", "/api/batches")]
    [InlineData("GET", "/openapi/v1.json")]
    public async Task ApiRole_ServesNoPagesAndNoOtherApi(string method, string path)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ApiRole_ServesPredictBatchHealthAndMetrics()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/predict", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/predict/batch", new StringContent("""{"leads":[{}]}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public void ApiRole_RunsNoBackgroundJobs_OnlyWhatScoringNeeds()
    {
        var hosted = factory.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();

        Assert.DoesNotContain(hosted, t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(LeaderOnlyJob<>));
        Assert.DoesNotContain(typeof(RetrainWorker), hosted);
        Assert.DoesNotContain(typeof(JobLeadership), hosted);
        Assert.DoesNotContain(typeof(DatabaseInitializer), hosted);
        Assert.Contains(typeof(LeadScoring.Core.Storage.TelemetryWriter), hosted);
        Assert.Contains(typeof(LeadScoring.Core.Models.ChampionSync), hosted);
    }

    [Fact]
    public void DefaultRole_RunsEveryJobThroughTheLeadership()
    {
        using var all = new DashboardAppFactory();
        var hosted = all.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();

        Assert.Contains(typeof(LeaderOnlyJob<AlertWorker>), hosted);
        Assert.Contains(typeof(LeaderOnlyJob<HealthProbeService>), hosted);
        Assert.Contains(typeof(LeaderOnlyJob<LeadScoring.Core.Storage.Rollups.RollupMaintenance>), hosted);
        Assert.Contains(typeof(LeaderOnlyJob<LeadScoring.Core.Storage.Retention.RetentionMaintenance>), hosted);
        Assert.Contains(typeof(LeaderOnlyJob<AlertDeliveryWorker>), hosted);
        Assert.True(all.Services.GetRequiredService<JobLeadership>().IsLeader); // SQLite: one process, always leads
    }

    [Fact]
    public void UnknownRole_StopsStartUp_NamingTheKey()
    {
        using var bad = new DashboardAppFactory();
        bad.Settings["Role"] = "worker";

        var error = Record.Exception(() => bad.Services);

        Assert.NotNull(error);
        Assert.Contains("Role must be all, api or dashboard (was 'worker')", error.ToString(), StringComparison.Ordinal);
    }
}
