using LeadScoring.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Core.Alerts;

/// <summary>
/// The alert evaluation over a store without the dashboard (<c>leadscoring alerts evaluate</c>, for cron): Core's
/// services on the given store with default settings. Signals only the running dashboard knows (its queue, API-key
/// failures) read as idle; notifications go to <see cref="NoAlertNotifier"/> unless the caller registers one.
/// </summary>
public sealed class StandaloneAlerts : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StandaloneAlerts(ServiceProvider services) => _services = services;

    /// <summary>Opens <paramref name="storage"/> (already migrated by the dashboard).</summary>
    public static StandaloneAlerts Open(StorageOptions storage, TimeProvider? time = null)
    {
        var services = new ServiceCollection().AddLogging().AddLeadScoringStorage(storage).AddLeadScoringCore(new ConfigurationBuilder().Build());
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        return new StandaloneAlerts(services.BuildServiceProvider());
    }

    /// <summary>The evaluation service.</summary>
    public AlertEvaluationService Evaluation => _services.GetRequiredService<AlertEvaluationService>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
