using System.Net;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api;
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
    }
}

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
}
