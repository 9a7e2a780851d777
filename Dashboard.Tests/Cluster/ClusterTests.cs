using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Cluster;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Storage;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadScoring.Dashboard.Tests.Cluster;

/// <summary>A dashboard instance and an api instance on one PostgreSQL database (several instances, issue 17).</summary>
public sealed class ClusterTopology : IDisposable
{
    public SharedPostgresDatabase Database { get; } = new();
    private readonly Lazy<(ClusterAppFactory Dashboard, ClusterAppFactory Api)> _instances;

    public ClusterTopology()
    {
        _instances = new(() => (Database.Instance("dashboard"), Database.Instance("api")));
    }

    public ClusterAppFactory Dashboard => _instances.Value.Dashboard;
    public ClusterAppFactory Api => _instances.Value.Api;

    public void Dispose()
    {
        if (_instances.IsValueCreated)
        {
            Api.Dispose();
            Dashboard.Dispose();
        }
        Database.Dispose();
    }
}

public sealed class ClusterTests(ClusterTopology cluster) : IClassFixture<ClusterTopology>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [PostgresFact]
    public async Task PredictionOnTheApiInstance_ReachesTheDashboardsLivePages_Within2s()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = cluster.Dashboard.Services.GetRequiredService<StoreChangeNotifier>()
            .Subscribe(StoreChange.Predictions, _ => { arrived.TrySetResult(); return Task.CompletedTask; });
        await Eventually.WithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(cluster.Dashboard.Services.GetRequiredService<StoreChangeRelay>().Listening));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.OK, (await cluster.Api.CreateClient().PostAsync("/predict", Json("{}"))).StatusCode);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the page heard of the prediction after {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [PostgresFact]
    public async Task WithoutListen_ThePollFallback_StillReachesThePage()
    {
        using var polling = cluster.Database.Instance("dashboard", ("Cluster:Listen", "false"));
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = polling.Services.GetRequiredService<StoreChangeNotifier>()
            .Subscribe(StoreChange.Predictions, _ => { arrived.TrySetResult(); return Task.CompletedTask; });
        await Task.Delay(1_000); // the poll has its first look (the baseline)
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.OK, (await cluster.Api.CreateClient().PostAsync("/predict", Json("{}"))).StatusCode);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(polling.Services.GetRequiredService<StoreChangeRelay>().Listening);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the page heard of the prediction after {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [PostgresFact]
    public async Task PromoteAndRollbackOnTheDashboard_TheApiInstanceServesTheNewChampionWithin5s_NoRequestFails()
    {
        var v2 = await RegisterCopyOfV1Async();
        var admin = cluster.Dashboard.CreateClient();
        admin.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);
        var api = cluster.Api.CreateClient();
        using var load = new CancellationTokenSource();
        var failures = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, string>(); // the first answer of each failing status
        var served = "v1";
        var traffic = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                using var response = await api.PostAsync("/predict", Json("{}"));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    statuses.TryAdd((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                    continue;
                }
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Volatile.Write(ref served, body.RootElement.GetProperty("model_version").GetString()!);
            }
        });
        await Task.Delay(300);

        var promote = await admin.PostAsync($"/api/models/{v2}/promote", Json("""{"reason":"cluster test","override_reason":"test copy of v1"}"""));
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        var promoted = await Eventually.WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(Volatile.Read(ref served) == "v2"));
        var rollback = await admin.PostAsync("/api/models/rollback", Json("""{"reason":"cluster test"}"""));
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var rolledBack = await Eventually.WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(Volatile.Read(ref served) == "v1"));
        await load.CancelAsync();
        await traffic;

        Assert.NotNull(promoted);
        Assert.NotNull(rolledBack);
        Assert.True(failures == 0, $"{failures} requests failed: {string.Join("; ", statuses.Select(s => $"{s.Key} {s.Value}"))}");
        Assert.Equal("v1", (await rollback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString());
    }

    // A second version with v1's model (the swap shows in model_version; training another would take a minute).
    private async Task<int> RegisterCopyOfV1Async()
    {
        await using var db = cluster.Dashboard.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var copy = await db.ModelVersions.AsNoTracking().SingleAsync(m => m.Version == 1);
        copy.Id = 0;
        copy.Version = 2;
        copy.Status = ModelStatus.Candidate;
        copy.PromotedAtUtc = null;
        copy.ChallengerSinceUtc = null;
        db.ModelVersions.Add(copy);
        await db.SaveChangesAsync();
        return copy.Id;
    }
}

/// <summary>Background jobs run on one instance at a time, and move when that instance stops or loses its session.</summary>
public sealed class JobLeadershipTests : IDisposable
{
    private readonly SharedPostgresDatabase _database = new();

    [PostgresFact]
    public async Task TwoDashboards_JobsRunOnOne_AndTheOtherTakesOverWhenTheLeaderStops()
    {
        var first = _database.Instance("dashboard");
        using var second = _database.Instance("dashboard");
        try
        {
            Assert.NotNull(await Eventually.WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(first.Jobs.Running == 1)));
            await Task.Delay(1_500); // several of the standby's attempts

            Assert.True(first.Services.GetRequiredService<JobLeadership>().IsLeader);
            Assert.False(second.Services.GetRequiredService<JobLeadership>().IsLeader);
            Assert.Equal(0, second.Jobs.Started);

            first.Dispose(); // graceful stop: the session ends, the lock is free
            var takeover = await Eventually.WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(second.Jobs.Running == 1));

            Assert.NotNull(takeover);
            Assert.True(second.Services.GetRequiredService<JobLeadership>().IsLeader);
        }
        finally
        {
            first.Dispose();
        }
    }

    [PostgresFact]
    public async Task LeaderLosingItsSession_StopsItsJobs_AndExactlyOneInstanceRunsThemAgain()
    {
        using var first = _database.Instance("dashboard");
        using var second = _database.Instance("dashboard");
        Assert.NotNull(await Eventually.WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(first.Jobs.Running + second.Jobs.Running == 1)));
        var leader = first.Jobs.Running == 1 ? first : second;

        // As a network cut or a killed backend would: the session holding the lock is gone.
        await using (var admin = new NpgsqlConnection(_database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted", admin);
            await kill.ExecuteNonQueryAsync();
        }

        Assert.NotNull(await Eventually.WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(leader.Jobs.Started == 2 || leader.Jobs.Running == 0)));
        Assert.NotNull(await Eventually.WithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(first.Jobs.Running + second.Jobs.Running == 1)));
        await Task.Delay(1_500);
        Assert.Equal(1, first.Jobs.Running + second.Jobs.Running);
    }

    public void Dispose() => _database.Dispose();
}
