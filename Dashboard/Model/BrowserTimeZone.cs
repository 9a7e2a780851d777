using Microsoft.JSInterop;

namespace LeadScoring.Dashboard.Model;

/// <summary>
/// The browser's time zone, per circuit: the server cannot know it, so the first page that shows times asks the
/// browser once. Until then (and when the browser names a zone this machine lacks) times stay UTC.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private Task? _detect;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public DateTime ToLocal(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone).DateTime;

    /// <summary>Asks the browser (once per circuit); safe to call from every page's first render.</summary>
    public Task EnsureDetectedAsync() => _detect ??= DetectAsync();

    private async Task DetectAsync()
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/time.js");
            var id = module is null ? null : await module.InvokeAsync<string?>("timeZone");
            if (!string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                Zone = zone;
            }
        }
        catch (JSException)
        {
            // Old browser without Intl: UTC is a correct, if less friendly, display.
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away; nothing to show.
        }
    }
}
