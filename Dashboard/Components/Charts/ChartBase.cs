using PlotlyLayout = Plotly.Blazor.Layout;
using System.Net;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;

namespace LeadScoring.Dashboard.Components.Charts;

/// <summary>
/// A Plotly chart fed by a view model. Shaping (the model) comes from the page, drawing happens here: the first
/// render draws the plot, a new model or theme later updates it in place (Plotly.react) instead of re-creating it.
/// </summary>
public abstract class ChartBase<TModel> : ComponentBase
    where TModel : class
{
    private TModel? _built;
    private bool? _builtDark;
    private bool _pendingUpdate;

    [Parameter, EditorRequired]
    public required TModel Model { get; set; }

    /// <summary>From MainLayout's theme toggle: picks text and grid colours.</summary>
    [CascadingParameter(Name = "DarkMode")]
    public bool DarkMode { get; set; }

    [Parameter]
    public string? TestId { get; set; }

    protected PlotlyChart? Chart;

    protected IList<ITrace> Traces { get; private set; } = [];

    protected PlotlyLayout ChartLayoutValue { get; private set; } = new();

    protected Config ChartConfig { get; } = ChartLayout.Config();

    /// <summary>Traces and layout for a model; pure, so tests can inspect what would be drawn.</summary>
    protected abstract (IList<ITrace> Traces, PlotlyLayout Layout) Build(TModel model, bool darkMode);

    /// <summary>Text Plotly shows as HTML (names, labels): encoded, since names can come from users.</summary>
    protected static string Encode(string text) => WebUtility.HtmlEncode(text);

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Model, _built) && DarkMode == _builtDark)
        {
            return;
        }
        (Traces, ChartLayoutValue) = Build(Model, DarkMode);
        _built = Model;
        _builtDark = DarkMode;
        _pendingUpdate = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _pendingUpdate = false; // PlotlyChart draws itself on its first render
            return;
        }
        if (_pendingUpdate && Chart is not null)
        {
            _pendingUpdate = false;
            await Chart.React();
        }
    }
}
