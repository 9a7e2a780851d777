using Bunit;
using MudBlazor.Services;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>bUnit context with MudBlazor services and loose JS interop (MudBlazor and Plotly call JS); async-disposed.</summary>
public abstract class DashboardComponentContext : BunitContext, IAsyncLifetime
{
    protected DashboardComponentContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // bUnit's default (1 s) is too short for a page that loads from a store on a busy CI machine.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}

