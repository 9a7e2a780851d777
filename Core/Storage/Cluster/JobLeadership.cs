using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadScoring.Core.Storage.Cluster;

/// <summary>
/// Which instance runs the background jobs (rollups, retention, probes, alerts, delivery, retrains). On PostgreSQL the
/// holder of a session-level advisory lock on a dedicated connection leads: when its process stops or its connection
/// drops, PostgreSQL releases the lock and a standby takes it within Cluster:LeaderCheckSeconds. SQLite is one
/// process, which always leads.
/// </summary>
public sealed class JobLeadership(StorageOptions storage, IOptions<ClusterOptions> options, ILogger<JobLeadership> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _term;
    private TaskCompletionSource<CancellationToken> _elected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True while this instance holds the lock.</summary>
    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is { IsCancellationRequested: false };
            }
        }
    }

    /// <summary>Waits until this instance leads; the token returned is cancelled when it stops leading.</summary>
    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> elected;
        lock (_gate)
        {
            elected = _elected.Task;
        }
        return elected.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!storage.IsPostgres)
        {
            Elect();
            return;
        }
        var check = TimeSpan.FromSeconds(options.Value.LeaderCheckSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await HoldWhileAliveAsync(check, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                if (IsLeader)
                {
                    logger.LogWarning("Lost job leadership ({Error}); background jobs stop here", ex.Message);
                }
            }
            Resign();
            try
            {
                await Task.Delay(check, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Resign();
    }

    private async Task HoldWhileAliveAsync(TimeSpan check, CancellationToken stoppingToken)
    {
        // Not pooled: closing it must end the session, which is what releases the lock.
        await using var connection = DedicatedConnection.Create(storage.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        tryLock.Parameters.AddWithValue("key", options.Value.LeaderLockKey);
        while (!(bool)(await tryLock.ExecuteScalarAsync(stoppingToken))!)
        {
            await Task.Delay(check, stoppingToken);
        }
        logger.LogInformation("This instance now runs the background jobs (advisory lock {Key})", options.Value.LeaderLockKey);
        Elect();
        await using var alive = new NpgsqlCommand("SELECT 1", connection);
        while (true)
        {
            await Task.Delay(check, stoppingToken);
            await alive.ExecuteScalarAsync(stoppingToken); // throws when the session (and so the lock) is gone
        }
    }

    private void Elect()
    {
        lock (_gate)
        {
            _term = new CancellationTokenSource();
            _elected.TrySetResult(_term.Token);
        }
    }

    private void Resign()
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            ended = _term;
            _term = null;
            if (_elected.Task.IsCompleted)
            {
                _elected = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        ended?.Cancel();
        ended?.Dispose();
    }
}

/// <summary>
/// Runs background job <typeparamref name="TJob"/> only while this instance leads (<see cref="JobLeadership"/>): a
/// fresh instance of the job starts on election and is stopped when leadership ends.
/// </summary>
public sealed class LeaderOnlyJob<TJob>(IServiceProvider services, JobLeadership leadership) : BackgroundService
    where TJob : IHostedService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.WaitForLeadershipAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var job = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<TJob>(services);
            try
            {
                await job.StartAsync(stoppingToken);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
                await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                await job.StopAsync(CancellationToken.None);
                (job as IDisposable)?.Dispose();
            }
        }
    }
}
