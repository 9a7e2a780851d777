using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using Microsoft.AspNetCore.Components;

namespace LeadScoring.Dashboard.Components.Pages;

/// <summary>
/// A live page viewing one time window and, optionally, one model version, both kept in the URL
/// (<c>?window=24h&amp;model=3</c>) so a view can be bookmarked and shared.
/// </summary>
public abstract class WindowedLivePage : LivePage
{
    [Inject]
    public required ModelVersionCatalog Catalog { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "window")]
    public string? Window { get; set; }

    [SupplyParameterFromQuery(Name = "model")]
    public int? ModelId { get; set; }

    /// <summary>The registry's versions, for the model picker (loaded with every reload).</summary>
    protected IReadOnlyList<ModelVersionInfo> Versions { get; private set; } = [];

    /// <summary>The window shown when the URL names none (or an unknown one).</summary>
    protected virtual WindowToken DefaultWindow => WindowToken.LastDay;

    protected WindowToken SelectedWindow => WindowToken.Parse(Window, DefaultWindow);

    /// <summary>The stored predictions this view looks at.</summary>
    protected PredictionFilter Filter => new(SelectedWindow.ToWindow(Time), ModelId);

    protected sealed override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var versions = Catalog.ListAsync(cancellationToken);
        await Task.WhenAll(versions, LoadWindowAsync(Filter, cancellationToken));
        Versions = versions.Result;
    }

    /// <summary>Loads the page's data for <paramref name="filter"/> (the URL's window and model).</summary>
    protected abstract Task LoadWindowAsync(PredictionFilter filter, CancellationToken cancellationToken);

    protected void OnWindowChanged(WindowToken window) => SetQuery("window", window.Token);

    protected void OnModelChanged(int? id) => SetQuery("model", id);

    /// <summary>Navigates to this page with one query parameter changed (null removes it).</summary>
    protected void SetQuery(string name, object? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));
}
