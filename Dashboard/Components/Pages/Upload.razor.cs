using System.Diagnostics;
using System.Text.Json;
using LeadScoring.Core.Batches;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace LeadScoring.Dashboard.Components.Pages;

public sealed partial class Upload : IAsyncDisposable
{
    private static readonly long s_renderInterval = Stopwatch.Frequency / 10;
    private ElementReference _input;
    private IJSObjectReference? _module;
    private DotNetObjectReference<Upload>? _self;
    private string _user = "";
    private Guid? _current;
    private string? _fileName;
    private long _size;
    private long _sent;
    private bool _sending;
    private UploadJob? _job;
    private bool _allowMissingColumns;
    private string? _error;
    private string? _notice;
    private long _lastRender;
    private bool _outcomes;
    private OutcomeResponse? _outcomeReport;

    [Inject]
    public required UploadJobs Jobs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required AntiforgeryStateProvider Antiforgery { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The upload shown, kept in the URL so the page can be left and reopened.</summary>
    [SupplyParameterFromQuery(Name = "job")]
    public Guid? JobId { get; set; }

    [Inject]
    public required IOptions<UploadOptions> UploadOptions { get; init; }

    private long MaxUploadBytes => UploadOptions.Value.MaxFileBytes;

    private bool Busy => _sending || _job is { Finished: false };

    private double SentFraction => _size == 0 ? 0 : Math.Min(1, (double)_sent / _size);

    protected override async Task OnInitializedAsync() =>
        _user = (await AuthenticationState).User.Identity?.Name ?? "";

    protected override void OnParametersSet()
    {
        if (JobId is { } id && _current != id && Jobs.Find(id, _user) is { } job)
        {
            _current = id;
            _fileName = job.FileName;
            Watch(job);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/upload.js");
            _self = DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("attach", _input, _self, Antiforgery.GetAntiforgeryToken()?.Value ?? "");
        }
    }

    /// <summary>Where the browser sends a file: a new upload id and the endpoint for what its header says it is.</summary>
    public sealed record UploadPlan(string Id, string Url);

    /// <summary>The browser has a file: where to send it, or null when it must not be sent (busy, too large).</summary>
    [JSInvokable]
    public async Task<UploadPlan?> BeginUpload(string fileName, long size, string header)
    {
        if (Busy)
        {
            return null;
        }
        _error = _notice = null;
        _job = null;
        if (size > MaxUploadBytes)
        {
            _error = $"{fileName} is {size / 1048576.0:0.#} MB; the limit is {MaxUploadBytes / (1024 * 1024)} MB.";
            await InvokeAsync(StateHasChanged);
            return null;
        }
        _current = Guid.NewGuid();
        (_fileName, _size, _sent, _sending) = (fileName, size, 0, true);
        _outcomes = OutcomeReader.IsOutcomesHeader(header.Split(','));
        _outcomeReport = null;
        await InvokeAsync(StateHasChanged);
        return new UploadPlan(_current.Value.ToString(), _outcomes ? "api/outcomes"
            : _allowMissingColumns ? $"api/batches?{BatchEndpoints.AllowMissingColumnsParameter}=true" : "api/batches");
    }

    [JSInvokable]
    public Task OnBytesSent(long sent, long total)
    {
        (_sent, _size) = (sent, total);
        FollowJob();
        return InvokeAsync(StateHasChanged);
    }

    [JSInvokable]
    public async Task OnUploadEnded(string kind, int status, string body)
    {
        _sending = false;
        FollowJob();
        switch (kind)
        {
            case "cancelled":
                _notice = "Cancelled; nothing was stored.";
                break;
            case "dropped":
                _error = "The connection dropped before the upload finished; nothing was stored. Try again.";
                break;
            case "answered" when _outcomes:
                if (status == 200)
                {
                    _outcomeReport = JsonSerializer.Deserialize<OutcomeResponse>(body);
                }
                else
                {
                    _error = ErrorMessage(status, body);
                }
                break;
            default:
                if (_job?.Result is null)
                {
                    _error = _job?.Failure ?? ErrorMessage(status, body);
                }
                break;
        }
        if (_current is { } id && _job is not null)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("job", id), replace: true);
        }
        await InvokeAsync(StateHasChanged);
    }

    private async Task CancelAsync()
    {
        if (_module is not null && _current is { } id)
        {
            await _module.InvokeVoidAsync("cancel", id.ToString());
        }
    }

    // The server registers the upload when its request arrives; the page starts following it from then on.
    private void FollowJob()
    {
        if (_job is null && _current is { } id && Jobs.Find(id, _user) is { } job)
        {
            Watch(job);
        }
    }

    private static string ErrorMessage(int status, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
        }
        return $"The upload was refused (HTTP {status}); nothing was stored.";
    }

    private void Watch(UploadJob job)
    {
        if (_job is not null)
        {
            _job.Changed -= OnJobChanged;
        }
        _job = job;
        job.Changed += OnJobChanged;
    }

    // Progress arrives every few thousand rows: re-render at most ten times a second, and always at the end.
    private void OnJobChanged()
    {
        var now = Stopwatch.GetTimestamp();
        if (_job is { Finished: true } || now - Interlocked.Read(ref _lastRender) >= s_renderInterval)
        {
            Interlocked.Exchange(ref _lastRender, now);
            _ = InvokeAsync(StateHasChanged);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_job is not null)
        {
            _job.Changed -= OnJobChanged;
        }
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
        _self?.Dispose();
    }
}
