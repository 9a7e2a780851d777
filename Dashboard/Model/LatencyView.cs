using LeadScoring.Core.Monitoring;

namespace LeadScoring.Dashboard.Model;

/// <summary>Turns a <see cref="LatencyReport"/> and throughput into what the latency page draws.</summary>
public static class LatencyView
{
    public static IReadOnlyList<Kpi> Kpis(LatencyReport report, IReadOnlyList<CountPoint> throughput)
    {
        var peak = throughput.Count == 0 ? 0 : throughput.Max(p => p.Count);
        return
        [
            new("Predictions", ScoreView.Count(report.Count)),
            Percentile("Inference p50", report.InferenceP50, report.Approximate),
            Percentile("Inference p95", report.InferenceP95, report.Approximate),
            Percentile("Inference p99", report.InferenceP99, report.Approximate),
            Percentile("End-to-end p50", report.EndToEndP50, report.Approximate),
            Percentile("End-to-end p95", report.EndToEndP95, report.Approximate),
            Percentile("End-to-end p99", report.EndToEndP99, report.Approximate),
            new("Peak per bucket", ScoreView.Count(peak), throughput.Count == 0 ? null : "busiest time bucket"),
        ];
    }

    /// <summary>Large windows: percentiles from logarithmic SQL bins (see LatencyReport), within 1.01 % of the value.</summary>
    public const string ApproximateLatencyHint = "approximate (±1 %): large window";

    private static Kpi Percentile(string label, double value, bool approximate) =>
        new(label, ScoreView.Approx(approximate, Ms(value)), approximate ? ApproximateLatencyHint : null);

    public static TimeSeriesChartModel Percentiles(IReadOnlyList<LatencyPoint> points, Func<DateTimeOffset, DateTime> toLocal)
    {
        var times = points.Select(p => toLocal(p.Time)).ToList();
        return new TimeSeriesChartModel("Milliseconds",
        [
            new TimeSeries("p50", times, [.. points.Select(p => p.P50)], ChartColors.P50),
            new TimeSeries("p95", times, [.. points.Select(p => p.P95)], ChartColors.P95),
            new TimeSeries("p99", times, [.. points.Select(p => p.P99)], ChartColors.P99),
        ], XTitle: "Time (local)", YFormat: LatencyFormat);
    }

    // Four significant digits: per-row times of a batch are microseconds, API requests milliseconds; a fixed number of
    // decimals would print 0.003 twice on one axis or hide a whole tail.
    private const string LatencyFormat = ".4~r";

    public static TimeSeriesChartModel Throughput(IReadOnlyList<CountPoint> points, Func<DateTimeOffset, DateTime> toLocal) =>
        new("Predictions per bucket",
        [
            new TimeSeries("Predictions", [.. points.Select(p => toLocal(p.Time))], [.. points.Select(p => (double)p.Count)], ChartColors.Current),
        ], XTitle: "Time (local)");

    public static HistogramChartModel? Histogram(LatencyReport report) =>
        report.InferenceHistogram is not { } h
            ? null
            : new HistogramChartModel("Inference time (ms)", "Predictions", h.BinWidth,
                [new BarSeries("Inference", h.Centers, [.. h.Counts.Select(c => (double)c)], ChartColors.Current)],
                [new ChartMarker(report.InferenceP95, "p95", ChartColors.P95), new ChartMarker(report.InferenceP99, "p99", ChartColors.P99)]);

    private static string Ms(double value) => ScoreView.Number(value, value < 10 ? "0.000" : "0.0") + (double.IsNaN(value) ? "" : " ms");
}
