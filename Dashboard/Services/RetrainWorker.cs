using LeadScoring.Core.Models;

namespace LeadScoring.Dashboard.Services;

/// <summary>Hosts <see cref="RetrainService"/>'s queue: one retrain at a time, in the background.</summary>
internal sealed class RetrainWorker(RetrainService retrain) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await retrain.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
