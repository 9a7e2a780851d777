using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

using LeadScoring.Dashboard.Model;

namespace LeadScoring.Dashboard.Components.Charts;

/// <summary>Lines over time, with optional bars (volume) on a second Y axis.</summary>
public partial class TimeSeriesChart
{
    protected override (IList<ITrace> Traces, PlotlyLayout Layout) Build(TimeSeriesChartModel model, bool darkMode)
    {
        var yFormat = model.YFormat.Length > 0 ? ":" + model.YFormat : "";
        IList<ITrace> traces = [.. model.Series.Select(s => s.Style == SeriesStyle.Bars
            ? (ITrace)new Bar
            {
                Name = Encode(s.Name),
                X = [.. s.X.Cast<object>()],
                Y = [.. s.Y.Cast<object>()],
                YAxis = s.SecondaryAxis ? "y2" : "y",
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = s.Color },
                HoverTemplate = $"{Encode(s.Name)}: %{{y}}<extra></extra>",
            }
            : new Scatter
            {
                Name = Encode(s.Name),
                X = [.. s.X.Cast<object>()],
                Y = [.. s.Y.Cast<object>()],
                YAxis = s.SecondaryAxis ? "y2" : "y",
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = s.Color, Width = 2 },
                Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = s.Color, Size = 4 },
                HoverTemplate = $"{Encode(s.Name)}: %{{y{(s.SecondaryAxis ? "" : yFormat)}}}<extra></extra>",
            })];

        var layout = ChartLayout.Create(darkMode, model.XTitle, model.YTitle, model.YFormat);
        layout.HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.XUnified;
        if (model.Y2Title is not null)
        {
            var y2 = ChartLayout.YAxis(darkMode, model.Y2Title, "");
            y2.Overlaying = "y";
            y2.Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right;
            y2.ShowGrid = false;
            layout.YAxis.Add(y2);
        }
        return (traces, layout);
    }
}
