using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Dashboard.Services;

/// <summary>Brings the store to the current schema at start-up, before the app serves requests.</summary>
public sealed class DatabaseInitializer(ILeadScoringDbFactory dbFactory, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
