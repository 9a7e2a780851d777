using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Reliability;

/// <summary>The dashboard with a disk whose free space a test sets (the real store still writes to the temp folder).</summary>
public sealed class NearlyFullDiskAppFactory : DashboardAppFactory, IFreeSpaceSource
{
    public NearlyFullDiskAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
    }

    /// <summary>What the disk reports; plenty until a test lowers it.</summary>
    public long FreeBytes { get; set; } = 100L << 30;

    public long? AvailableBytes() => FreeBytes;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IFreeSpaceSource>(this));
    }
}

/// <summary>
/// Below Storage:MinFreeBytes (1 GB by default) every write path answers 507 naming the limit and stores nothing,
/// reads keep working and /health says why; with room again, writes work.
/// </summary>
[Collection("store faults")]
[Trait("Provider", "sqlite-only")] // the free-space floor is SQLite-only (PostgreSQL skips it)
public sealed class DiskFloorTests(NearlyFullDiskAppFactory factory) : IClassFixture<NearlyFullDiskAppFactory>
{
    private HttpClient KeyClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<(int Batches, int Outcomes)> CountsAsync()
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return (await db.Batches.CountAsync(), await db.Outcomes.CountAsync());
    }

    [Fact]
    public async Task NearlyFullDisk_WritesRefusedWith507NamingTheLimit_ReadsWork_HealthSaysWhy()
    {
        var client = KeyClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/predict", Json("{}"))).StatusCode);
        var before = await CountsAsync();
        factory.FreeBytes = 300L << 20; // 300 MB left
        try
        {
            var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("llm_quality,jobtitle\n80,CTO\n"));
            csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var writes = new (string Path, HttpContent Body)[]
            {
                ("/predict", Json("{}")),
                ("/predict/batch", Json("""{"leads": [{}]}""")),
                ("/api/batches", new MultipartFormDataContent { { csv, "file", "leads.csv" } }),
                ("/api/outcomes", Json("""[{"lead_id": "a", "converted": true}]""")),
            };
            foreach (var (path, body) in writes)
            {
                var response = await client.PostAsync(path, body);

                Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
                using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal("storage_full", error.RootElement.GetProperty("error").GetString());
                Assert.Contains("Storage:MinFreeBytes (1024 MB)", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
                Assert.Contains("300 MB free", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
            Assert.Equal(before, await CountsAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/performance")).StatusCode); // reads still answer
            using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
            var store = health.RootElement.GetProperty("checks").GetProperty("store");
            Assert.Equal("degraded", store.GetProperty("status").GetString());
            Assert.Contains("Storage:MinFreeBytes", store.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            factory.FreeBytes = 100L << 30;
        }
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/predict", Json("{}"))).StatusCode);
    }

    [Fact]
    public async Task NearlyFullDisk_PageUpload_IsRefusedBeforeAnythingIsStored()
    {
        var ingestion = factory.Services.GetRequiredService<BatchIngestionService>();
        var before = await CountsAsync();
        factory.FreeBytes = 10L << 20;
        BatchIngestionResult result;
        try
        {
            result = await ingestion.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes("llm_quality,jobtitle\n80,CTO\n")), "leads.csv", "admin");
        }
        finally
        {
            factory.FreeBytes = 100L << 30;
        }

        Assert.Equal((BatchStatus.Failed, StoreFailure.Full), (result.Status, result.Failure));
        Assert.Contains("Storage:MinFreeBytes", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }
}
