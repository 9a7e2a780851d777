using System.Globalization;
using LeadScoring.Core.Predictions;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;

using LeadScoring.Engine.Domain;

namespace LeadScoring.Dashboard.Components.Pages;

public partial class Predictions
{
    private static readonly int[] s_pageSizes = [25, 50, 100];
    private readonly int[] _pageSizes = s_pageSizes;
    private MudDataGrid<PredictionRow>? _grid;
    private string? _filterError;

    [Inject]
    public required PredictionPageQuery Pages { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [SupplyParameterFromQuery(Name = "batch")]
    public long? BatchId { get; set; }

    [SupplyParameterFromQuery(Name = "min")]
    public double? MinScore { get; set; }

    [SupplyParameterFromQuery(Name = "max")]
    public double? MaxScore { get; set; }

    private PredictionFilterState Query => new(Window, ModelId, BatchId, MinScore, MaxScore);

    // A batch alone means "all of that batch".
    protected override WindowToken DefaultWindow => BatchId is null ? WindowToken.LastDay : WindowToken.All;

    private string ExportUrl => "/api/predictions/export?" + Query.ToQueryString();

    protected override async Task LoadWindowAsync(PredictionFilter filter, CancellationToken cancellationToken)
    {
        var errors = Query.Validate();
        _filterError = errors.Count == 0 ? null : string.Join(" ", errors.Values.SelectMany(e => e));
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    // The grid asks for a page: sorting and paging happen in the store, never in memory.
    private async Task<GridData<PredictionRow>> LoadPageAsync(GridState<PredictionRow> state, CancellationToken cancellationToken)
    {
        if (Query.Validate().Count > 0)
        {
            return new GridData<PredictionRow> { Items = [], TotalItems = 0 };
        }
        var sort = state.SortDefinitions.FirstOrDefault();
        var request = new PredictionPageRequest(Query.ToSearch(Time), SortColumn(sort?.SortBy), sort?.Descending ?? true,
            state.Page * state.PageSize, state.PageSize);
        request = ByKey(request, state.Page);
        var page = await Pages.PageAsync(request, cancellationToken);
        _shown = page.Rows.Count == 0 ? null : new ShownPage(request with { Key = null, LastPage = false, Skip = 0 }, state.Page,
            page.Rows[0], page.Rows[^1], page.TotalIsLowerBound ? null : page.TotalCount);
        return new GridData<PredictionRow> { Items = page.Rows, TotalItems = (int)Math.Min(int.MaxValue, page.TotalCount) };
    }

    // Next, previous and last pages are found by key from the page shown (no scan of the rows before them); a jump
    // elsewhere pages by offset.
    private PredictionPageRequest ByKey(PredictionPageRequest request, int pageIndex)
    {
        if (_shown is not { } shown || shown.Request != (request with { Skip = 0 }))
        {
            return request;
        }
        if (pageIndex == shown.Index + 1)
        {
            return request with { Key = PredictionKeyset.Of(shown.Last, request.SortBy, before: false) };
        }
        if (pageIndex == shown.Index - 1)
        {
            return request with { Key = PredictionKeyset.Of(shown.First, request.SortBy, before: true) };
        }
        if (shown.Total is { } total && pageIndex > 0 && pageIndex == (total - 1) / request.Take)
        {
            return request with { LastPage = true, Take = (int)(total - (long)pageIndex * request.Take) };
        }
        return request;
    }

    private ShownPage? _shown;

    private sealed record ShownPage(PredictionPageRequest Request, int Index, PredictionRow First, PredictionRow Last, long? Total);

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
        Versions.FirstOrDefault(v => v.Id == id) is { } v ? "v" + v.Version.ToString(CultureInfo.InvariantCulture) : "#" + id.ToString(CultureInfo.InvariantCulture);

    private void OnBatchChanged(long? batch) => SetQuery("batch", batch);

    private void OnMinChanged(double? min) => SetQuery("min", min);

    private void OnMaxChanged(double? max) => SetQuery("max", max);
}
