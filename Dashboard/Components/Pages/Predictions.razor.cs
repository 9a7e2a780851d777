using LeadScoring.Core.Models;
using System.Globalization;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Pages;

public partial class Predictions
{
    private static readonly int[] s_pageSizes = [25, 50, 100];
    private readonly int[] _pageSizes = s_pageSizes;
    private MudDataGrid<PredictionRow>? _grid;
    private IReadOnlyList<ModelVersionInfo> _versions = [];
    private string? _filterError;

    [Inject]
    public required PredictionPageQuery Pages { get; init; }

    [Inject]
    public required ModelVersionCatalog Catalog { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [SupplyParameterFromQuery(Name = "window")]
    public string? WindowToken { get; set; }

    [SupplyParameterFromQuery(Name = "model")]
    public int? ModelId { get; set; }

    [SupplyParameterFromQuery(Name = "batch")]
    public long? BatchId { get; set; }

    [SupplyParameterFromQuery(Name = "min")]
    public double? MinScore { get; set; }

    [SupplyParameterFromQuery(Name = "max")]
    public double? MaxScore { get; set; }

    private PredictionFilterState Filter => new(WindowToken, ModelId, BatchId, MinScore, MaxScore);

    private string ExportUrl => "/api/predictions/export?" + Filter.ToQueryString();

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var errors = Filter.Validate();
        _filterError = errors.Count == 0 ? null : string.Join(" ", errors.Values.SelectMany(e => e));
        _versions = await Catalog.ListAsync(cancellationToken);
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    // The grid asks for a page: sorting and paging happen in the store, never in memory.
    private async Task<GridData<PredictionRow>> LoadPageAsync(GridState<PredictionRow> state, CancellationToken cancellationToken)
    {
        if (Filter.Validate().Count > 0)
        {
            return new GridData<PredictionRow> { Items = [], TotalItems = 0 };
        }
        var sort = state.SortDefinitions.FirstOrDefault();
        var request = new PredictionPageRequest(Filter.ToSearch(Time), SortColumn(sort?.SortBy), sort?.Descending ?? true,
            state.Page * state.PageSize, state.PageSize);
        var page = await Pages.PageAsync(request, cancellationToken);
        return new GridData<PredictionRow> { Items = page.Rows, TotalItems = (int)Math.Min(int.MaxValue, page.TotalCount) };
    }

    internal static PredictionSortColumn SortColumn(string? column) => column switch
    {
        nameof(PredictionRow.Score) => PredictionSortColumn.Score,
        nameof(PredictionRow.InferenceMs) => PredictionSortColumn.InferenceMs,
        nameof(PredictionRow.EndToEndMs) => PredictionSortColumn.EndToEndMs,
        nameof(PredictionRow.BatchId) => PredictionSortColumn.BatchId,
        nameof(PredictionRow.ModelVersionId) => PredictionSortColumn.ModelVersionId,
        _ => PredictionSortColumn.Time,
    };

    protected override Task OnTimeZoneDetectedAsync() => InvokeAsync(StateHasChanged);

    private Task ShowDetailAsync(PredictionRow row) =>
        Dialogs.ShowAsync<PredictionDetailDialog>($"Prediction {row.Id.ToString(CultureInfo.InvariantCulture)}",
            new DialogParameters<PredictionDetailDialog> { { d => d.PredictionId, row.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });

    private string Local(DateTimeOffset time) => TimeZone.ToLocal(time).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    private static string BatchLink(long batch) => "/drift?batch=" + batch.ToString(CultureInfo.InvariantCulture);

    private static string EngagedLabel(bool engaged) => engaged ? "Engaged" : "Not engaged";

    private string VersionLabel(int id) =>
        _versions.FirstOrDefault(v => v.Id == id) is { } v ? "v" + v.Version.ToString(CultureInfo.InvariantCulture) : "#" + id.ToString(CultureInfo.InvariantCulture);

    private void Navigate(string name, object? value) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, value?.ToString()));

    private void OnWindowChanged(WindowChoice choice) => Navigate("window", WindowChoices.Token(choice));

    private void OnModelChanged(int? id) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("model", id));

    private void OnBatchChanged(long? batch) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("batch", batch));

    private void OnMinChanged(double? min) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("min", min));

    private void OnMaxChanged(double? max) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("max", max));
}
