using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadScoring.Core.Storage.Cluster;

/// <summary>
/// Carries <see cref="StoreChangeNotifier"/> changes between instances on one PostgreSQL store: a local change is sent
/// with NOTIFY right after its commit (coalesced, at most one per <see cref="SendInterval"/>), and a dedicated
/// connection LISTENs and hands other instances' changes to the local notifier. While LISTEN is unavailable the
/// store is polled every Cluster:PollSeconds (newest prediction id, champion, newest alert) and reconnecting is retried.
/// On SQLite (one process) it does nothing.
/// </summary>
public sealed class StoreChangeRelay(StorageOptions storage, StoreChangeNotifier notifier, ILeadScoringDbFactory dbFactory,
    IOptions<ClusterOptions> options, ILogger<StoreChangeRelay> logger) : BackgroundService
{
    public static readonly TimeSpan SendInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly SemaphoreSlim _pendingSignal = new(0, 1);
    private int _pending;
    private volatile bool _listening;
    private StoreFingerprint? _lastSeen;

    private long _peerChanges;

    /// <summary>True while the LISTEN connection is up (false: polling).</summary>
    public bool Listening => _listening;

    /// <summary>Changes made by other instances and delivered here (NOTIFY or poll), for /metrics.</summary>
    public long PeerChanges => Interlocked.Read(ref _peerChanges);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.IsPostgres)
        {
            notifier.LocalChange += OnLocalChange;
        }
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.LocalChange -= OnLocalChange;
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        storage.IsPostgres ? Task.WhenAll(SendLoopAsync(stoppingToken), ListenLoopAsync(stoppingToken)) : Task.CompletedTask;

    private void OnLocalChange(StoreChange change)
    {
        int seen;
        do
        {
            seen = _pending;
        }
        while (Interlocked.CompareExchange(ref _pending, seen | (int)change, seen) != seen);
        if (_pendingSignal.CurrentCount == 0)
        {
            try
            {
                _pendingSignal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another change signalled first; one wake-up carries both.
            }
        }
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var channel = options.Value.ChangeChannel;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _pendingSignal.WaitAsync(stoppingToken);
                await Task.Delay(SendInterval, stoppingToken); // a burst of writes becomes one NOTIFY
                var change = Interlocked.Exchange(ref _pending, 0);
                if (change == 0)
                {
                    continue;
                }
                await using var connection = new NpgsqlConnection(storage.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                command.Parameters.AddWithValue("channel", channel);
                command.Parameters.AddWithValue("payload", $"{_instance}:{change}");
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Other instances fall back to their poll or champion check; the next change tries again.
                logger.LogWarning("Store change NOTIFY failed: {Error}", ex.Message);
            }
        }
    }

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.Value.Listen)
                {
                    await ListenAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (_listening)
                {
                    logger.LogWarning("Store change LISTEN lost ({Error}); polling every {Seconds} s until it is back", ex.Message, poll.TotalSeconds);
                }
                _listening = false;
            }
            try
            {
                await PollOnceAsync(stoppingToken);
                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Store change poll failed: {Error}", ex.Message);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = DedicatedConnection.Create(storage.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, e) => OnNotification(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {options.Value.ChangeChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        _listening = true;
        // Whatever changed while nobody listened (or before this instance started) reaches the pages once.
        await PollOnceAsync(stoppingToken);
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void OnNotification(string payload)
    {
        var separator = payload.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || payload.AsSpan(0, separator).SequenceEqual(_instance))
        {
            return; // our own change, already delivered here
        }
        if (Enum.TryParse<StoreChange>(payload[(separator + 1)..], out var change))
        {
            Interlocked.Increment(ref _peerChanges);
            notifier.NotifyFromPeer(change);
        }
    }

    // The fallback: what changed since the last look, from a few indexed maxima.
    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var now = new StoreFingerprint(
            await db.Predictions.MaxAsync(p => (long?)p.Id, cancellationToken) ?? 0,
            await db.ModelVersions.Where(m => m.Status == Entities.ModelStatus.Champion).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken) ?? 0,
            await db.Alerts.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0);
        var before = _lastSeen;
        _lastSeen = now;
        if (before is null)
        {
            return;
        }
        var change = (now.PredictionId != before.PredictionId ? StoreChange.Predictions | StoreChange.Requests : StoreChange.None)
            | (now.ChampionId != before.ChampionId ? StoreChange.Models : StoreChange.None)
            | (now.AlertId != before.AlertId ? StoreChange.Alerts : StoreChange.None);
        if (change != StoreChange.None)
        {
            Interlocked.Increment(ref _peerChanges);
            notifier.NotifyFromPeer(change);
        }
    }

    private sealed record StoreFingerprint(long PredictionId, int ChampionId, long AlertId);
}
