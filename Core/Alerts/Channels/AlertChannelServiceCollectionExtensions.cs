using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadScoring.Core.Alerts.Channels;

/// <summary>Registers the notification channels and replaces the dropping <see cref="NoAlertNotifier"/>.</summary>
public static class AlertChannelServiceCollectionExtensions
{
    public static IServiceCollection AddAlertChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AlertChannelOptions>(configuration.GetSection(AlertChannelOptions.SectionName));
        var problem = configuration.GetSection(AlertChannelOptions.SectionName).Get<AlertChannelOptions>()?.Problem();
        if (problem is not null) // fail at startup, naming the key
        {
            throw new InvalidOperationException(problem);
        }
        services.AddDataProtection();
        services.AddHttpClient(AlertChannelSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = true })
            // The factory's default logging writes every request URI, and a Slack webhook URL is a credential.
            .RemoveAllLoggers();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AlertChannelSecrets>();
        services.AddSingleton<AlertChannelSender>();
        services.AddSingleton<AlertChannelService>();
        services.AddSingleton<AlertOutboxSignal>();
        services.AddSingleton<AlertOutboxDelivery>();
        // Whichever order the registrations run in, the outbox wins over the evaluation's TryAdd default.
        services.RemoveAll<IAlertNotifier>();
        services.AddSingleton<IAlertNotifier, OutboxAlertNotifier>();
        return services;
    }
}
