using System.Net;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>An app whose uploads are limited to 1 MB.</summary>
public sealed class SmallUploadAppFactory : DashboardAppFactory
{
    public SmallUploadAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
        Settings["Uploads:MaxFileMegabytes"] = "1";
        Settings["Uploads:MaxRows"] = "5";
    }
}

[Trait("Store", "both")]
public sealed class UploadLimitTests(SmallUploadAppFactory factory) : IClassFixture<SmallUploadAppFactory>
{
    [Fact]
    public async Task Upload_LargerThanTheLimit_Returns413NamingTheLimitAndStoresNothing()
    {
        var header = "llm_quality,jobtitle\n";
        var body = new StringBuilder(header);
        while (body.Length < 2 * 1024 * 1024)
        {
            body.Append("80,").Append(new string('x', 200)).Append('\n');
        }
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, BootstrapKeyAppFactory.BootstrapKey);
        await using var before = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var predictions = await before.Predictions.CountAsync();

        var response = await client.PostAsync("/api/batches", BatchApiTests.CsvForm(Encoding.UTF8.GetBytes(body.ToString())));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("payload_too_large", error.RootElement.GetProperty("error").GetString());
        Assert.Contains("1 MB limit (Uploads:MaxFileMegabytes)", error.RootElement.GetProperty("message").GetString());
        await using var after = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        Assert.Equal(predictions, await after.Predictions.CountAsync());
    }

    [Fact]
    public async Task Upload_BeyondTheConcurrentLimits_Returns429NamingTheLimit_StoresNothing_SlotsComeBack()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, BootstrapKeyAppFactory.BootstrapKey);
        var slots = factory.Services.GetRequiredService<LeadScoring.Core.Batches.UploadSlots>();
        await using var before = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var batches = await before.Batches.CountAsync();
        var csv = Encoding.UTF8.GetBytes("llm_quality\n80\n70\n");

        // Two uploads of this key already running (the default per-user limit)...
        var mine = new[] { slots.TryTake("api-key:" + ApiKeyBootstrapper.BootstrapKeyName).Slot!, slots.TryTake("api-key:" + ApiKeyBootstrapper.BootstrapKeyName).Slot! };
        var perUser = await client.PostAsync("/api/batches?allowMissingColumns=true", BatchApiTests.CsvForm(csv));
        // ...then four of other users (the default total).
        foreach (var slot in mine)
        {
            slot.Dispose();
        }
        var others = Enumerable.Range(0, 4).Select(i => slots.TryTake("someone-" + i).Slot!).ToList();
        var total = await client.PostAsync("/api/batches?allowMissingColumns=true", BatchApiTests.CsvForm(csv));
        others.ForEach(s => s.Dispose());
        var afterwards = await client.PostAsync("/api/batches?allowMissingColumns=true", BatchApiTests.CsvForm(csv));

        Assert.Equal(HttpStatusCode.TooManyRequests, perUser.StatusCode);
        Assert.Contains("Uploads:MaxConcurrentPerUser", await perUser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(perUser.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, total.StatusCode);
        Assert.Contains("Uploads:MaxConcurrentTotal", await total.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
        Assert.Equal(0, slots.Running);
        await using var after = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        Assert.Equal(batches + 1, await after.Batches.CountAsync()); // the refused ones left nothing
    }

    [Fact]
    public async Task Upload_WithMoreRowsThanTheLimit_IsRefusedNamingIt_StoresNoPrediction()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, BootstrapKeyAppFactory.BootstrapKey);
        await using var before = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var predictions = await before.Predictions.CountAsync();
        var csv = "llm_quality\n" + string.Concat(Enumerable.Repeat("80\n", 7));

        var response = await client.PostAsync("/api/batches?allowMissingColumns=true", BatchApiTests.CsvForm(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("more than 5 data rows, the limit (Uploads:MaxRows)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var after = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        Assert.Equal(predictions, await after.Predictions.CountAsync());
    }
}
