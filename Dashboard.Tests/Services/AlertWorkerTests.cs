using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Services;

/// <summary>The dashboard evaluates the alert rules in the background when <c>Alerts:Enabled</c> is on.</summary>
[Trait("Store", "both")]
public sealed class AlertWorkerTests
{
    private sealed class AlertsOnAppFactory : DashboardAppFactory
    {
        public AlertsOnAppFactory()
        {
            Settings["Alerts:Enabled"] = "true";
            Settings["Alerts:EvaluationSeconds"] = "1";
        }
    }

    [Fact]
    public async Task Enabled_EvaluatesOnSchedule_AndStoresEveryDefaultRulesState()
    {
        await using var factory = new AlertsOnAppFactory();
        factory.CreateClient(); // starts the host
        var dbFactory = factory.Services.GetRequiredService<ILeadScoringDbFactory>();

        var states = 0;
        for (var attempt = 0; attempt < 120 && states < 11; attempt++)
        {
            await Task.Delay(250);
            await using var db = dbFactory.CreateDbContext();
            states = await db.AlertRuleStates.CountAsync(s => s.LastEvaluatedAtUtc != null);
        }

        Assert.Equal(11, states);
    }

    [Fact]
    public async Task Disabled_NothingIsEvaluated()
    {
        await using var factory = new DashboardAppFactory(); // Alerts:Enabled=false in tests
        factory.CreateClient();
        await Task.Delay(TimeSpan.FromSeconds(2));

        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        Assert.Equal(0, await db.AlertRuleStates.CountAsync());
    }
}
