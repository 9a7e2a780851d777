using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadScoring.Core.Storage.Cluster;

/// <summary>Registers what several instances on one store need: the change relay and the job leadership.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>The relay and leadership; pass competesForJobs false for an instance without background jobs (Role=api), which never takes the lock.</summary>
    public static IServiceCollection AddStoreCluster(this IServiceCollection services, IConfiguration configuration, bool competesForJobs = true)
    {
        var section = configuration.GetSection(ClusterOptions.SectionName);
        if ((section.Get<ClusterOptions>() ?? new ClusterOptions()).Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        services.Configure<ClusterOptions>(section);
        services.AddSingleton<StoreChangeRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreChangeRelay>());
        services.AddSingleton<JobLeadership>();
        if (competesForJobs)
        {
            services.AddHostedService(sp => sp.GetRequiredService<JobLeadership>());
        }
        return services;
    }

    /// <summary>Registers <typeparamref name="TJob"/> to run only on the instance that leads (<see cref="JobLeadership"/>).</summary>
    public static IServiceCollection AddLeaderOnlyJob<TJob>(this IServiceCollection services)
        where TJob : class, IHostedService =>
        services.AddHostedService<LeaderOnlyJob<TJob>>();
}
