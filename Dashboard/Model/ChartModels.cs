namespace LeadScoring.Dashboard.Model;

/// <summary>Bars over numeric bin centres (one histogram sample).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, string Color);

/// <summary>A vertical line with a label, e.g. the decision threshold.</summary>
public sealed record ChartMarker(double X, string Label, string Color);

/// <summary>Overlaid histograms of equal bins.</summary>
/// <param name="XTitle">X axis title.</param>
/// <param name="YTitle">Y axis title.</param>
/// <param name="BinWidth">Width of one bin (bars fill it).</param>
/// <param name="Series">Samples drawn over each other, semi-transparent.</param>
/// <param name="Markers">Vertical lines.</param>
/// <param name="YFormat">d3 format of Y values in hover and ticks (".1%" for shares).</param>
/// <param name="XMin">Left end of the X axis; null fits the data.</param>
/// <param name="XMax">Right end of the X axis; null fits the data.</param>
public sealed record HistogramChartModel(string XTitle, string YTitle, double BinWidth, IReadOnlyList<BarSeries> Series,
    IReadOnlyList<ChartMarker> Markers, string YFormat = "", double? XMin = null, double? XMax = null);

public enum SeriesStyle
{
    Line,
    Bars,
}

/// <summary>Values over (local) time; <see cref="SecondaryAxis"/> puts it on the right-hand axis.</summary>
public sealed record TimeSeries(string Name, IReadOnlyList<DateTime> X, IReadOnlyList<double> Y, string Color,
    SeriesStyle Style = SeriesStyle.Line, bool SecondaryAxis = false);

/// <summary>Lines (and optional bars) over time with up to two Y axes.</summary>
public sealed record TimeSeriesChartModel(string YTitle, IReadOnlyList<TimeSeries> Series, string? Y2Title = null,
    string XTitle = "Time", string YFormat = "");

/// <summary>A colour palette readable on light and dark backgrounds.</summary>
public static class ChartColors
{
    public const string Current = "#1e88e5";
    public const string Reference = "#fb8c00";
    public const string Threshold = "#e53935";
    public const string Volume = "rgba(128,128,128,0.45)";
    public const string P50 = "#43a047";
    public const string P95 = "#fb8c00";
    public const string P99 = "#e53935";
    public const string Secondary = "#8e24aa";
}
