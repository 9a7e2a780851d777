using PlotlyLayout = Plotly.Blazor.Layout;
using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

using LeadScoring.Dashboard.Model;

namespace LeadScoring.Dashboard.Components.Charts;

/// <summary>Overlaid equal-bin histograms with vertical markers (threshold).</summary>
public partial class HistogramChart
{
    protected override (IList<ITrace> Traces, PlotlyLayout Layout) Build(HistogramChartModel model, bool darkMode)
    {
        var half = (model.BinWidth / 2).ToString("0.###", CultureInfo.InvariantCulture);
        var yFormat = model.YFormat.Length > 0 ? ":" + model.YFormat : "";
        IList<ITrace> traces = [.. model.Series.Select(s => (ITrace)new Bar
        {
            Name = Encode(s.Name),
            X = [.. s.X.Cast<object>()],
            Y = [.. s.Y.Cast<object>()],
            Width = (decimal)model.BinWidth,
            Opacity = model.Series.Count > 1 ? 0.6m : 0.9m,
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = s.Color },
            HoverTemplate = $"{Encode(s.Name)}<br>%{{x}} ± {half}: %{{y{yFormat}}}<extra></extra>",
        })];

        var layout = ChartLayout.Create(darkMode, model.XTitle, model.YTitle, model.YFormat);
        layout.BarMode = BarModeEnum.Overlay;
        layout.BarGap = 0;
        if (model.XMin is { } min && model.XMax is { } max)
        {
            layout.XAxis[0].Range = [min, max];
        }
        layout.Shapes = [.. model.Markers.Select(m => new Shape
        {
            Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
            X0 = m.X, X1 = m.X, Y0 = 0, Y1 = 1, YRef = "paper",
            Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = m.Color, Width = 2, Dash = "dash" },
        })];
        layout.Annotations = [.. model.Markers.Select(m => new Annotation
        {
            X = m.X, Y = 1, YRef = "paper", XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Left,
            YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Top, ShowArrow = false,
            Text = Encode(m.Label), Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = m.Color },
        })];
        return (traces, layout);
    }
}
