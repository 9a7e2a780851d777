using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace LeadScoring.Dashboard.Components.Pages;

public sealed partial class Upload : IDisposable
{
    /// <summary>Largest accepted file: a million raw leads with long summaries stays under this.</summary>
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    private string? _error;
    private string? _fileName;
    private double? _transfer;
    private UploadJob? _job;
    private bool _dragging;

    [Inject]
    public required UploadJobQueue Queue { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ILogger<Upload> Logger { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The job shown, kept in the URL so the page can be left and reopened.</summary>
    [SupplyParameterFromQuery(Name = "job")]
    public Guid? JobId { get; set; }

    private bool Busy => _transfer is not null || _job is { Finished: false };

    private string DropZoneClass => "upload-zone d-flex flex-column align-center justify-center pa-8" + (_dragging ? " upload-zone-active" : "");

    protected override void OnParametersSet()
    {
        if (JobId is { } id && _job?.Id != id && Queue.Find(id) is { } job)
        {
            Watch(job);
        }
    }

    private async Task OnFilesChangedAsync(InputFileChangeEventArgs e)
    {
        _dragging = false;
        _error = null;
        var file = e.File;
        if (file.Size > MaxUploadBytes)
        {
            _error = $"{file.Name} is {file.Size / (1024.0 * 1024):0.#} MB; the limit is {MaxUploadBytes / (1024 * 1024)} MB.";
            return;
        }
        _fileName = file.Name;
        var user = (await AuthenticationState).User.Identity?.Name ?? "unknown";
        var tempPath = Path.Combine(Path.GetTempPath(), $"leadscoring-upload-{Guid.NewGuid():N}.csv");
        try
        {
            await CopyWithProgressAsync(file, tempPath);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or JSException or TaskCanceledException)
        {
            Logger.LogWarning(ex, "Upload of {File} was interrupted", file.Name);
            File.Delete(tempPath);
            _error = "The upload was interrupted before the file arrived completely; nothing was stored. Try again.";
            _transfer = null;
            return;
        }
        _transfer = null;
        if (!Queue.TryEnqueue(file.Name, tempPath, user, out var job))
        {
            File.Delete(tempPath);
            _error = "Too many uploads are waiting; nothing was stored. Try again in a minute.";
            return;
        }
        Watch(job);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("job", job.Id), replace: true);
    }

    private async Task CopyWithProgressAsync(IBrowserFile file, string path)
    {
        await using var source = file.OpenReadStream(MaxUploadBytes);
        await using var target = File.Create(path);
        var buffer = new byte[1 << 20];
        long copied = 0;
        var lastShown = 0.0;
        _transfer = 0;
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read));
            copied += read;
            var fraction = file.Size == 0 ? 1 : (double)copied / file.Size;
            if (fraction - lastShown >= 0.02)
            {
                lastShown = fraction;
                _transfer = fraction;
                StateHasChanged();
            }
        }
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

    private void OnJobChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        if (_job is not null)
        {
            _job.Changed -= OnJobChanged;
        }
    }
}
