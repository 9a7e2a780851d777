using System.Text.Json;
using LeadScoring.Core.Storage.Retention;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Reliability;

/// <summary>The retention job as the app registers it: /health shows what it last did, or why it cannot run.</summary>
[Trait("Store", "both")]
public sealed class RetentionHealthTests
{
    [Fact]
    public async Task Retention_AfterARun_HealthShowsWhatItDid()
    {
        await using var app = new DashboardAppFactory();
        using var client = app.CreateClient();

        await app.Services.GetRequiredService<RetentionMaintenance>().RunOnceAsync();

        var (status, description) = await RetentionCheckAsync(client);
        Assert.Equal("healthy", status);
        Assert.StartsWith("retention ran ", description, StringComparison.Ordinal);
        Assert.Contains("deleted 0 predictions", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_RollupsKeptShorterThanPredictions_HealthNamesTheSettings()
    {
        await using var app = new DashboardAppFactory();
        app.Settings["Retention:PredictionDays"] = "90";
        app.Settings["Retention:RollupDays"] = "30";
        using var client = app.CreateClient();

        await app.Services.GetRequiredService<RetentionMaintenance>().RunOnceAsync();

        var (status, description) = await RetentionCheckAsync(client);
        Assert.Equal("degraded", status);
        Assert.Contains("Retention:RollupDays (30) must be 0 or at least Retention:PredictionDays (90)", description, StringComparison.Ordinal);
    }

    private static async Task<(string? Status, string? Description)> RetentionCheckAsync(HttpClient client)
    {
        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var check = health.RootElement.GetProperty("checks").GetProperty("retention");
        return (check.GetProperty("status").GetString(), check.GetProperty("description").GetString());
    }
}
