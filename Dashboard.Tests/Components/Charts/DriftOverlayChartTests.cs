using Bunit;
using LeadScoring.Engine.Drift;
using LeadScoring.Dashboard.Components.Charts;
using LeadScoring.Dashboard.Components.Controls;
using LeadScoring.Dashboard.Model;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace LeadScoring.Dashboard.Tests.Components.Charts;

public sealed class DriftOverlayChartTests : DashboardComponentContext
{
    private static ColumnDriftResult Column(DriftHistogram histogram) => new()
    {
        Column = "industry", Status = ColumnDriftStatus.Tested, Histogram = histogram,
    };

    [Fact]
    public void Overlay_Categorical_SharesOfEachSample()
    {
        var overlay = DriftView.Overlay(Column(new DriftHistogram(null, ["a", "b"], [1, 3], [5, 5])))!;

        Assert.Equal(["a", "b"], overlay.Labels);
        Assert.Equal([0.25, 0.75], overlay.ReferenceShares);
        Assert.Equal([0.5, 0.5], overlay.CurrentShares);
    }

    [Fact]
    public void Overlay_Numerical_LabelsBinsClosedOnTheLeftAndTheLastClosed()
    {
        var overlay = DriftView.Overlay(Column(new DriftHistogram([0, 0.5, 1], null, [2, 2], [0, 4])))!;

        Assert.Equal(["[0, 0.5)", "[0.5, 1]"], overlay.Labels);
    }

    [Fact]
    public void Chart_CategoryFromUpload_HoverTextAndLabelsEncoded()
    {
        var overlay = DriftView.Overlay(Column(new DriftHistogram(null, ["<img src=x onerror=alert(1)>", "ok"], [1, 1], [1, 3])))!;

        var cut = Render<DriftOverlayChart>(p => p.Add(c => c.Overlay, overlay));

        var bars = cut.FindComponent<PlotlyChart>().Instance.Data.Cast<Bar>().ToList();
        Assert.Equal(["Reference", "Current"], bars.Select(b => b.Name));
        var hover = string.Join("", bars[1].HoverTextArray![0]);
        Assert.DoesNotContain("<img", hover, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", hover, StringComparison.Ordinal);
        Assert.Contains("25% (1 rows)", hover, StringComparison.Ordinal);
        Assert.DoesNotContain(bars[0].X!.Cast<string>(), x => x.Contains('<', StringComparison.Ordinal));
        Assert.Equal([0.25, 0.75], bars[1].Y!.Cast<double>());
    }

    [Theory]
    [InlineData(DriftAlertLevel.Green, "GREEN", "green")]
    [InlineData(DriftAlertLevel.Yellow, "YELLOW", "yellow")]
    [InlineData(DriftAlertLevel.Red, "RED", "red")]
    [InlineData(null, "NO REPORT", "none")]
    public void Badge_ShowsLevelAsTextAndData(DriftAlertLevel? level, string text, string data)
    {
        var cut = Render<DriftBadge>(p => p.Add(c => c.Level, level).Add(c => c.Label, "Data drift"));

        var chip = cut.Find(".drift-badge");
        Assert.Equal($"Data drift {text}", chip.TextContent.Trim());
        Assert.Equal(data, chip.GetAttribute("data-level"));
    }

    [Fact]
    public void Filter_ByNameAndDriftedOnly()
    {
        DriftFeatureRow Row(string name, bool drifted) => new(name, "numerical", "KS", null, null, true, "≤ 0.05", null, "–", drifted, true, 0, 0, false, 0, null);
        var rows = new[] { Row("llm_quality", true), Row("llm_engagement", false), Row("industry", true) };

        Assert.Equal(["llm_quality", "industry"], DriftView.Filter(rows, null, driftedOnly: true).Select(r => r.Column));
        Assert.Equal(["llm_quality", "llm_engagement"], DriftView.Filter(rows, " LLM ", driftedOnly: false).Select(r => r.Column));
        Assert.Equal(["llm_quality"], DriftView.Filter(rows, "llm", driftedOnly: true).Select(r => r.Column));
    }
}
