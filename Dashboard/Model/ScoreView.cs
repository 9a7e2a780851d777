using System.Globalization;
using LeadScoring.Core.Monitoring;

using LeadScoring.Engine.Reporting;

namespace LeadScoring.Dashboard.Model;

/// <summary>A key figure as a card shows it.</summary>
public sealed record Kpi(string Label, string Value, string? Hint = null);

/// <summary>Turns a <see cref="ScoreReport"/> into what the score page draws (no statistics here, only shaping).</summary>
public static class ScoreView
{
    public static HistogramChartModel Histogram(ScoreReport report)
    {
        var centers = report.Current.Centers;
        List<BarSeries> series = [new("Predictions", centers, ScoreDistribution.Shares(report.Current), ChartColors.Current)];
        if (report.Reference is { } reference)
        {
            series.Add(new BarSeries("Reference (training)", reference.Centers, ScoreDistribution.Shares(reference), ChartColors.Reference));
        }
        var threshold = new ChartMarker(report.Threshold, "threshold " + Number(report.Threshold, "0.###"), ChartColors.Threshold);
        return new HistogramChartModel("Predicted score", "Share of predictions", report.Current.BinWidth, series, [threshold],
            YFormat: ".1%", XMin: 0, XMax: 1);
    }

    public static TimeSeriesChartModel Trend(ScoreReport report, Func<DateTimeOffset, DateTime> toLocal)
    {
        var times = report.Trend.Select(p => toLocal(p.Time)).ToList();
        return new TimeSeriesChartModel("Mean score",
        [
            new TimeSeries("Predictions", times, [.. report.Trend.Select(p => (double)p.Count)], ChartColors.Volume, SeriesStyle.Bars, SecondaryAxis: true),
            new TimeSeries("Mean score", times, [.. report.Trend.Select(p => p.MeanScore)], ChartColors.Current),
        ], Y2Title: "Predictions", XTitle: "Time (local)", YFormat: ".3f");
    }

    public static IReadOnlyList<Kpi> Kpis(ScoreReport report)
    {
        var s = report.Summary;
        return
        [
            new("Predictions", Count(s.Count)),
            new("Mean score", Number(s.Mean, "0.000")),
            new("Median", Approx(s.Approximate, Number(s.Median, "0.000")), s.Approximate ? ApproximateScoreHint : null),
            new("Std deviation", Number(s.StdDev, "0.000"), "population (numpy std)"),
            new("95th percentile", Approx(s.Approximate, Number(s.P95, "0.000")), s.Approximate ? ApproximateScoreHint : null),
            new("At or above threshold", Percent(s.ShareAtOrAboveThreshold), "threshold " + Number(s.Threshold, "0.###")),
        ];
    }

    /// <summary>Large windows: quantiles estimated from 1,000 SQL bins (see ScoreSummary), never off by 0.001 or more.</summary>
    public const string ApproximateScoreHint = "approximate (±0.001): large window";

    /// <summary>"≈" before a figure estimated rather than computed over every value.</summary>
    public static string Approx(bool approximate, string value) => approximate && value != "–" ? "≈" + value : value;

    public static string Count(long value) => Format.Count(value);

    public static string Number(double value, string format) =>
        double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Percent(double value) =>
        double.IsNaN(value) ? "–" : value.ToString("0.0%", CultureInfo.InvariantCulture);
}
