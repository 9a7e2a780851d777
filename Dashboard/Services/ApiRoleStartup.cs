using LeadScoring.Core.Models;

namespace LeadScoring.Dashboard.Services;

/// <summary>
/// Start-up of a scoring-only instance (Role=api): load the stored champion. It neither migrates nor seeds — the
/// dashboard instance does, once — and without a champion yet it answers 503 until ChampionSync finds one.
/// </summary>
public sealed class ApiRoleStartup(ModelRegistry registry, ILogger<ApiRoleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await registry.LoadChampionAsync(cancellationToken))
        {
            logger.LogWarning("No champion in the store yet (start the dashboard instance first): predictions answer 503 until one is promoted");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
