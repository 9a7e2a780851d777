using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LeadScoring.Dashboard.Tests.Cluster;

/// <summary>A throwaway database on the test PostgreSQL server (LEADSCORING_TEST_POSTGRES) that several hosts share.</summary>
public sealed class SharedPostgresDatabase : IDisposable
{
    private readonly string? _server = Environment.GetEnvironmentVariable("LEADSCORING_TEST_POSTGRES");
    private readonly string _database = $"leadscoring_cluster_{Guid.NewGuid():N}";

    public SharedPostgresDatabase()
    {
        if (_server is null)
        {
            return;
        }
        using var admin = new NpgsqlConnection(_server);
        admin.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
        create.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    public string ConnectionString { get; } = "";

    /// <summary>An instance on this database with <paramref name="role"/> (all, api, dashboard).</summary>
    public ClusterAppFactory Instance(string role, params (string Key, string Value)[] settings)
    {
        var factory = new ClusterAppFactory();
        factory.Settings["Storage:Provider"] = "Postgres";
        factory.Settings["Storage:ConnectionString"] = ConnectionString;
        factory.Settings["Role"] = role;
        factory.Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
        factory.Settings["Cluster:LeaderCheckSeconds"] = "0.5";
        factory.Settings["Cluster:PollSeconds"] = "0.5";
        // The swap test drives /predict in a tight in-process loop, which on a fast run passes the per-client limit
        // (5,000/s); rate limiting is tested elsewhere, so here it must not count as a failed swap.
        factory.Settings["RateLimits:PredictPerSecond"] = "1000000";
        foreach (var (key, value) in settings)
        {
            factory.Settings[key] = value;
        }
        _ = factory.Services; // started: the first instance migrates and trains v1
        return factory;
    }

    public void Dispose()
    {
        if (_server is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(_server);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}

/// <summary>One instance of a cluster; counts how often its leader-only test job was started.</summary>
public sealed class ClusterAppFactory : DashboardAppFactory
{
    public JobStarts Jobs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(Jobs);
            if (Settings["Role"] != "api")
            {
                LeadScoring.Core.Storage.Cluster.ClusterServiceCollectionExtensions.AddLeaderOnlyJob<CountingJob>(services);
            }
        });
    }
}

/// <summary>How many times this host's leader-only job is running (started minus stopped) and was started.</summary>
public sealed class JobStarts
{
    private int _running;
    private int _started;

    public int Running => Volatile.Read(ref _running);
    public int Started => Volatile.Read(ref _started);

    public void Start()
    {
        Interlocked.Increment(ref _running);
        Interlocked.Increment(ref _started);
    }

    public void Stop() => Interlocked.Decrement(ref _running);
}

/// <summary>A background job that only records that it runs.</summary>
public sealed class CountingJob(JobStarts starts) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        starts.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        starts.Stop();
        return Task.CompletedTask;
    }
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms; the time it took, or null after <paramref name="limit"/>.</summary>
    public static async Task<TimeSpan?> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }
            await Task.Delay(50);
        }
        return null;
    }
}
