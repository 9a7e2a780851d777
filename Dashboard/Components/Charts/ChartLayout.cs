using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace LeadScoring.Dashboard.Components.Charts;

/// <summary>
/// Layout pieces shared by the charts: transparent backgrounds so the MudBlazor surface shows through, and text
/// and grid colours picked for the current theme.
/// </summary>
internal static class ChartLayout
{
    private const string Transparent = "rgba(0,0,0,0)";

    public static PlotlyLayout Create(bool darkMode, string xTitle, string yTitle, string yFormat) => new()
    {
        PaperBgColor = Transparent,
        PlotBgColor = Transparent,
        Font = new Font { Color = darkMode ? "#e0e0e0" : "#424242", Family = "system-ui, Roboto, Arial, sans-serif", Size = 12 },
        Margin = new Margin { L = 60, R = 60, T = 30, B = 50 },
        AutoSize = true,
        Height = 340,
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m, X = 0 }],
        XAxis = [Axis(darkMode, xTitle)],
        YAxis = [YAxis(darkMode, yTitle, yFormat)],
        // Keeps the user's zoom when live data redraws the chart.
        UiRevision = "keep",
    };

    public static XAxis Axis(bool darkMode, string title) => new()
    {
        Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = title },
        GridColor = Grid(darkMode),
        ZeroLineColor = Grid(darkMode),
    };

    public static YAxis YAxis(bool darkMode, string title, string format) => new()
    {
        Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = title },
        GridColor = Grid(darkMode),
        ZeroLineColor = Grid(darkMode),
        TickFormat = format,
        RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero,
    };

    public static Config Config() => new() { DisplayLogo = false, Responsive = true, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.Hover };

    private static string Grid(bool darkMode) => darkMode ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)";
}
