using LeadScoring.Engine.Drift;

namespace LeadScoring.Engine.Tests.Drift;

/// <summary>
/// Two reports of the same rows are equivalent: every count, KS statistic and p-value equal; Wasserstein (whose
/// offset sums depend on summation order) within 1e-9 relative. Also used by Core.Tests (FeatureRollupsTests).
/// </summary>
public static class DriftReportEquivalence
{
    public const double Tolerance = 1e-9;

    public static void AssertEquivalent(DriftReport expected, DriftReport actual)
    {
        Assert.Equal(expected.CurrentRows, actual.CurrentRows);
        Assert.Equal(expected.TestedColumns, actual.TestedColumns);
        Assert.Equal(expected.DriftedColumns, actual.DriftedColumns);
        Assert.Equal(expected.AlertLevel, actual.AlertLevel);
        Assert.Equal(expected.Columns.Count, actual.Columns.Count);
        for (var i = 0; i < expected.Columns.Count; i++)
        {
            var e = expected.Columns[i];
            var a = actual.Columns[i];
            var where = $"column {e.Column}";
            Assert.True(e.Column == a.Column, where);
            Assert.True(e.Status == a.Status, $"{where}: status {e.Status} vs {a.Status} ({a.Reason})");
            Assert.True(e.Reason == a.Reason, $"{where}: reason '{e.Reason}' vs '{a.Reason}'");
            Assert.True(e.Kind == a.Kind && e.Test == a.Test, $"{where}: kind/test {e.Kind}/{e.Test} vs {a.Kind}/{a.Test}");
            var approximate = e.Test == DriftTest.Wasserstein;
            Same(e.Statistic, a.Statistic, approximate, $"{where} statistic");
            Same(e.Score, a.Score, approximate, $"{where} score");
            Same(e.AdjustedPValue, a.AdjustedPValue, approximate, $"{where} adjusted p");
            Same(e.EffectSize?.Value, a.EffectSize?.Value, approximate, $"{where} effect");
            Assert.True(e.Drifted == a.Drifted, $"{where}: drifted");
            Assert.True(e.CurrentCount == a.CurrentCount, $"{where}: current count {e.CurrentCount} vs {a.CurrentCount}");
            Assert.True(e.CurrentMissingShare == a.CurrentMissingShare, $"{where}: missing share");
            Assert.True(e.UnseenCount == a.UnseenCount && e.UnseenDistinct == a.UnseenDistinct && e.UnseenTruncated == a.UnseenTruncated,
                $"{where}: unseen {e.UnseenCount}/{e.UnseenDistinct} vs {a.UnseenCount}/{a.UnseenDistinct}");
            Assert.Equal(e.UnseenCategories, a.UnseenCategories);
            SameHistogram(e.Histogram, a.Histogram, where);
        }
        Assert.Equal(expected.PredictionDrift is null, actual.PredictionDrift is null);
        if (expected.PredictionDrift is { } ep && actual.PredictionDrift is { } ap)
        {
            Assert.True(ep.Statistic == ap.Statistic, $"score KS {ep.Statistic} vs {ap.Statistic}");
            Assert.True(ep.PValue == ap.PValue, $"score p {ep.PValue} vs {ap.PValue}");
            Assert.Equal(ep.CurrentCount, ap.CurrentCount);
            Same(ep.NormedWasserstein, ap.NormedWasserstein, true, "score Wasserstein");
            SameHistogram(ep.Histogram, ap.Histogram, "scores");
        }
    }

    private static void SameHistogram(DriftHistogram? e, DriftHistogram? a, string where)
    {
        Assert.True((e is null) == (a is null), $"{where}: histogram presence");
        if (e is null || a is null)
        {
            return;
        }
        Assert.True(e.ReferenceCounts.SequenceEqual(a.ReferenceCounts) && e.CurrentCounts.SequenceEqual(a.CurrentCounts), $"{where}: histogram counts");
        Assert.True((e.Edges ?? []).SequenceEqual(a.Edges ?? []) && (e.Categories ?? []).SequenceEqual(a.Categories ?? []), $"{where}: histogram edges");
    }

    private static void Same(double? e, double? a, bool approximate, string what)
    {
        if (e is null || a is null || !approximate || double.IsNaN(e.Value))
        {
            Assert.True(Nullable.Equals(e, a) || (e is double x && a is double y && double.IsNaN(x) && double.IsNaN(y)), $"{what}: {e:R} vs {a:R}");
            return;
        }
        var scale = Math.Max(Math.Abs(e.Value), 1e-300);
        Assert.True(Math.Abs(e.Value - a.Value) <= Tolerance * scale, $"{what}: {e:R} vs {a:R}");
    }
}
