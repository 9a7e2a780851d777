using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Dashboard.Model;
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
    public string? WindowToken { get; set; }

    [SupplyParameterFromQuery(Name = "model")]
    public int? ModelId { get; set; }

    protected WindowChoice SelectedWindow => WindowChoices.Parse(WindowToken);

    /// <summary>The stored predictions this view looks at.</summary>
    protected PredictionFilter Filter => new(WindowChoices.ToWindow(SelectedWindow, Time), ModelId);

    protected void OnWindowChanged(WindowChoice choice) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("window", WindowChoices.Token(choice)));

    protected void OnModelChanged(int? id) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("model", id));
}
