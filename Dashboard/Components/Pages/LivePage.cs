using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;

namespace LeadScoring.Dashboard.Components.Pages;

/// <summary>
/// A page that loads from the store and reloads when predictions arrive: one notifier subscription per page,
/// superseded loads cancelled, a pause switch, and both released on dispose.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private readonly LoadSeries _loads = new();
    private readonly CancellationTokenSource _disposed = new();
    private IDisposable? _subscription;
    private PeriodicTimer? _clock;

    [Inject]
    public required StoreChangeNotifier Notifier { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    [Inject]
    public required ILogger<LivePage> Logger { get; init; }

    /// <summary>Reload on new data; false while the user reads a frozen view.</summary>
    protected bool Live { get; private set; } = true;

    protected bool Loading { get; private set; }

    /// <summary>Shown instead of the data when the last load failed.</summary>
    protected string? LoadError { get; private set; }

    /// <summary>Which store changes make this page reload.</summary>
    protected virtual StoreChange ReloadOn => StoreChange.Predictions | StoreChange.Models;

    /// <summary>Also reload on this period without new data (relative times such as "12 s ago" stay true); null: only on changes.</summary>
    protected virtual TimeSpan? RefreshEvery => null;

    protected override void OnInitialized()
    {
        _subscription = Notifier.Subscribe(ReloadOn, _ => Live ? InvokeAsync(ReloadAndRenderAsync) : Task.CompletedTask);
        if (RefreshEvery is { } period)
        {
            _clock = new PeriodicTimer(period, Time);
            _ = TickAsync(_clock);
        }
    }

    // Query parameters (window, model, …) arrive here, first and on each navigation.
    protected override Task OnParametersSetAsync() => ReloadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            var before = TimeZone.Zone;
            await TimeZone.EnsureDetectedAsync();
            if (TimeZone.Zone != before)
            {
                await OnTimeZoneDetectedAsync();
            }
        }
    }

    /// <summary>Loads the page's data; <paramref name="cancellationToken"/> fires when a newer load starts.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Called once the browser's zone is known, to redraw times.</summary>
    protected virtual Task OnTimeZoneDetectedAsync() => ReloadAndRenderAsync();

    protected async Task SetLiveAsync(bool live)
    {
        Live = live;
        if (live)
        {
            await ReloadAsync(); // catch up with what arrived while paused
        }
    }

    protected async Task ReloadAsync()
    {
        var token = _loads.Next();
        Loading = true;
        try
        {
            await LoadAsync(token);
            LoadError = null;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return; // a newer load owns the page now
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Loading {Page} failed", GetType().Name);
            LoadError = "Could not load the data: " + ex.Message;
        }
        if (!token.IsCancellationRequested)
        {
            Loading = false;
        }
    }

    private async Task ReloadAndRenderAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        await ReloadAsync();
        StateHasChanged();
    }

    private async Task TickAsync(PeriodicTimer clock)
    {
        try
        {
            while (await clock.WaitForNextTickAsync(_disposed.Token))
            {
                if (Live)
                {
                    await InvokeAsync(ReloadAndRenderAsync);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _subscription?.Dispose();
        _clock?.Dispose();
        _loads.Dispose();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }
}
