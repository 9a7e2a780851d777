using LeadScoring.Core.Performance;
using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Reporting;

namespace LeadScoring.Dashboard.Model;

/// <summary>One row of the bucket table: formatted figures, "too few labels" where a number would mean nothing.</summary>
public sealed record PerformanceRow(string Key, string Rows, string LabelledShare, string RocAuc, string F1, string Precision,
    string Recall, string Brier, string EstimatedF1, string EstimatedAuc, IReadOnlyList<string> Flags, bool Worse);

/// <summary>Turns a <see cref="PerformanceReport"/> into what the Performance page draws (no statistics here, only shaping).</summary>
public static class PerformanceView
{
    /// <summary>"0.712 [0.690, 0.735]", or the reason there is no number.</summary>
    public static string WithInterval(RealizedPerformance realized, string metric) => realized switch
    {
        RealizedMetrics m => WithInterval(m.Get(metric)),
        RealizedTooFewLabels t => $"too few labels ({Format.Count(t.LabelledRows)})",
        _ => Format.Missing,
    };

    public static string WithInterval(MetricResult result) => result switch
    {
        MetricEstimate e => $"{Format.Metric(e.Value)} [{Format.Metric(e.Lower)}, {Format.Metric(e.Upper)}]",
        MetricNotDefined n => n.Reason,
        _ => Format.Missing,
    };

    public static IReadOnlyList<PerformanceRow> Rows(PerformanceReport report) =>
        [.. report.Buckets.Select((b, i) => new PerformanceRow(b.Key, Format.Count(b.Rows), Format.Percent(b.LabelledShare, 0),
            WithInterval(b.Realized, "roc_auc"), WithInterval(b.Realized, "f1"), WithInterval(b.Realized, "precision"),
            WithInterval(b.Realized, "recall"), WithInterval(b.Realized, "brier"),
            b.Estimated is { } e ? $"{Format.Metric(e.Estimated.F1)} [{Format.Metric(e.LowerConfidenceBound.F1)}, {Format.Metric(e.UpperConfidenceBound.F1)}]" : Format.Missing,
            b.Estimated is { } a ? $"{Format.Metric(a.Estimated.RocAuc)} [{Format.Metric(a.LowerConfidenceBound.RocAuc)}, {Format.Metric(a.UpperConfidenceBound.RocAuc)}]" : Format.Missing,
            [.. report.Flags.Where(f => f.Value[i].Flagged).Select(f => f.Key)],
            report.Flags.Any(f => f.Value[i].Worse)))];

    /// <summary>Realized (with interval lines) and estimated (with band) values of one metric per time bucket, and the reference.</summary>
    public static TimeSeriesChartModel Chart(PerformanceReport report, string metric, string title, Func<DateTime, DateTime> toLocal)
    {
        var buckets = report.Buckets.Where(b => b.Start is not null).ToList();
        var x = buckets.Select(b => toLocal(b.Start!.Value)).ToList();
        var series = new List<TimeSeries>();
        double Realized(PerformanceBucket b, Func<MetricEstimate, double> pick) =>
            b.Realized is RealizedMetrics m && m.Get(metric) is MetricEstimate e ? pick(e) : double.NaN;
        series.Add(Series($"realized {title}", x, [.. buckets.Select(b => Realized(b, e => e.Value))], ChartColors.Current));
        series.Add(Series("realized 95 % lower", x, [.. buckets.Select(b => Realized(b, e => e.Lower))], ChartColors.Volume));
        series.Add(Series("realized 95 % upper", x, [.. buckets.Select(b => Realized(b, e => e.Upper))], ChartColors.Volume));
        if (buckets.Any(b => b.Estimated is not null) && metric is "f1" or "roc_auc" or "precision" or "recall")
        {
            series.Add(Series($"estimated {title} (CBPE)", x, [.. buckets.Select(b => b.Estimated is { } e ? e.Estimated[metric] : double.NaN)], ChartColors.Secondary));
            series.Add(Series("CBPE band lower", x, [.. buckets.Select(b => b.Estimated is { } e ? e.LowerConfidenceBound[metric] : double.NaN)], "rgba(142,36,170,0.35)"));
            series.Add(Series("CBPE band upper", x, [.. buckets.Select(b => b.Estimated is { } e ? e.UpperConfidenceBound[metric] : double.NaN)], "rgba(142,36,170,0.35)"));
        }
        if (report.Reference is RealizedMetrics r && r.Get(metric) is MetricEstimate reference)
        {
            series.Add(Series("reference (holdout)", x, [.. x.Select(_ => reference.Value)], ChartColors.Reference));
        }
        return new TimeSeriesChartModel(title, series, YFormat: ".3f");
    }

    // Plotly (and JSON) has no NaN: a bucket without a value is left out of that line.
    private static TimeSeries Series(string name, IReadOnlyList<DateTime> x, IReadOnlyList<double> y, string color)
    {
        var keep = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(y[i])).ToList();
        return new TimeSeries(name, [.. keep.Select(i => x[i])], [.. keep.Select(i => y[i])], color);
    }

    /// <summary>The sentence that says how outcomes are counted.</summary>
    public static string RuleText(PerformanceReport report) =>
        $"{Format.Count(report.Labelled)} labelled ({Format.Percent(report.Rows == 0 ? 0 : (double)report.Labelled / report.Rows, 0)}), " +
        $"{Format.Count(report.Pending)} pending (younger than {report.Rule.MaturityDays} days), " +
        $"{Format.Count(report.NoOutcome)} without outcome after {report.Rule.MaturityDays} days " +
        (report.Rule.AbsentMeansNegative ? "(counted as not converted: Outcomes:AbsentMeansNegative = true)" : "(left out: Outcomes:AbsentMeansNegative = false)") +
        $". Buckets with fewer than {report.MinLabelled} labelled leads show no number.";
}
