using System.Buffers;
using System.Globalization;
using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>Evaluates one column: counts the current values once, then derives the chosen test from the counts.</summary>
internal static class ColumnEvaluator
{
    public static ColumnDriftResult Evaluate(ReferenceColumn reference, DriftColumn? current, DriftOptions options)
    {
        if (current is null)
        {
            return NotTestable(reference, "Column is absent from the current data.");
        }
        return (reference, current) switch
        {
            (NumericReferenceColumn r, NumericDriftColumn c) => Numeric(r, new RawNumericCurrent(c), options),
            (CategoricalReferenceColumn r, CategoricalDriftColumn c) => Categorical(r, ColumnCounting.Count(r, c.Values), c.Length, options),
            _ => NotTestable(reference, $"Column is {Describe(reference)} in the reference but {Describe(current)} in the current data."),
        };
    }

    /// <summary>One column from merged counts instead of raw values (<see cref="DriftDetector.RunFromCounts"/>).</summary>
    public static ColumnDriftResult EvaluateCounted(ReferenceColumn reference, ColumnTally tally, DriftOptions options) => (reference, tally) switch
    {
        (NumericReferenceColumn r, NumericTally t) => Numeric(r, new CountedNumericCurrent(r, t), options),
        (CategoricalReferenceColumn r, CategoricalTally t) => Categorical(r, t.ToCounts(), checked((int)(t.Count + t.Missing)), options),
        _ => NotTestable(reference, "Column counts do not match the reference column."),
    };

    internal static ColumnDriftResult Numeric(NumericReferenceColumn r, NumericCurrent cur, DriftOptions options)
    {
        using var current = cur;
        var o = options.Columns.GetValueOrDefault(r.Name);
        if (r.Count == 0)
        {
            return NotTestable(r, "Reference has no non-missing values.", cur.MissingCount, cur.Length);
        }
        var evidently = options.Profile == DriftProfile.Evidently;
        var trackUnseen = r.DistinctCount <= 20 || cur.IsInteger || o?.Kind == DriftColumnKind.Categorical
            || o?.Test is DriftTest.ChiSquare or DriftTest.ZTest;
        var likelyWasserstein = evidently && (o?.Test == DriftTest.Wasserstein
            || (o?.Test is null && o?.Kind != DriftColumnKind.Categorical && r.Count > 1000 && r.DistinctCount > 5));
        {
            var c = cur.Count(r, trackUnseen, likelyWasserstein);
            if (c.Count == 0)
            {
                return NotTestable(r, "Current data has no non-missing values.", c.Missing, cur.Length);
            }
            var seenDistinct = c.Equal.Count(n => n > 0);
            var unseenDistinct = c.Unseen?.Count ?? (c.UnseenTotal > 0 ? int.MaxValue / 2 : 0);
            var currentDistinct = c.UnseenOverflow ? int.MaxValue : seenDistinct + unseenDistinct;
            var kind = o?.Kind ?? (cur.IsInteger && currentDistinct <= 10 ? DriftColumnKind.Categorical : DriftColumnKind.Numerical);
            var nUnique = (long)r.DistinctCount + unseenDistinct;
            var exactUnseen = c.Unseen is not null && !c.UnseenOverflow;
            string? note = r.DistinctCount == 1 && currentDistinct == 1 && c.UnseenTotal == 0
                ? "Constant in both samples with the same value: tested, cannot show drift." : null;

            DriftTest test;
            ScoreOutcome outcome;
            double threshold;
            ComparisonOperator op;
            if (!evidently)
            {
                test = DriftTest.JensenShannon;
                threshold = r.NannyMlThreshold;
                op = ComparisonOperator.GreaterThan;
                outcome = double.IsNaN(threshold)
                    ? ScoreOutcome.NotTestable($"Reference has fewer than {DriftReference.NannyMlChunks} rows for chunk thresholds.")
                    : new ScoreOutcome(NannyMl.NumericDistance(r, cur.BinCounts), null, null, null);
            }
            else
            {
                test = o?.Test ?? DiscreteTests.EvidentlyDefault(r.Count, kind, nUnique);
                threshold = o?.Threshold ?? DiscreteTests.DefaultThreshold(test);
                op = DiscreteTests.DefaultOperator(test);
                outcome = NumericScore(test, kind, r, c, cur, exactUnseen);
            }
            var histogram = kind == DriftColumnKind.Categorical && exactUnseen
                ? CategoryHistogram(NumericDriftMath.Discrete(r, c))
                : NumericDriftMath.PlotHistogram(r, c, options.PlotBins);
            var unseen = c.Unseen is null
                ? []
                : c.Unseen.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(options.MaxListedUnseen)
                    .Select(kv => new UnseenCategory(DriftDataset.FormatNumber(kv.Key), kv.Value)).ToArray();
            return Result(r, kind, test, outcome, threshold, op, note, c.Missing, cur.Length, c.Count, options) with
            {
                Histogram = histogram,
                UnseenCount = c.Unseen is null ? 0 : c.UnseenTotal,
                UnseenDistinct = c.Unseen?.Count ?? 0,
                UnseenTruncated = c.UnseenOverflow,
                UnseenCategories = unseen,
            };
        }
    }

    private static ScoreOutcome NumericScore(DriftTest test, DriftColumnKind kind, NumericReferenceColumn r, NumericCounts c,
        NumericCurrent cur, bool exactUnseen)
    {
        switch (test)
        {
            case DriftTest.KolmogorovSmirnov:
                {
                    var ks = KolmogorovSmirnov.FromStatistic(NumericDriftMath.KsStatistic(r, c), r.Count, c.Count);
                    return new ScoreOutcome(ks.PValue, ks.Statistic, new EffectSize("KS D", ks.Statistic), null);
                }
            case DriftTest.Wasserstein:
                {
                    var w = cur.Wasserstein(r, c);
                    return new ScoreOutcome(w / Math.Max(r.PopulationStd, 0.001), w, null, null);
                }
            case DriftTest.JensenShannon or DriftTest.Psi when kind == DriftColumnKind.Numerical && r.DistinctCount > 20:
                {
                    var (p, q) = NumericDriftMath.SturgesShares(r, c, edges => cur.BinCounts(edges).Counts, cur.IsInteger);
                    return new ScoreOutcome(DiscreteTests.SharesScore(test, p, q), null, null, null);
                }
            default:
                {
                    if (!exactUnseen)
                    {
                        return ScoreOutcome.NotTestable($"{test} needs per-value counts, but the current data has more than {NumericCounts.MaxTrackedUnseen} values absent from the reference.");
                    }
                    var (_, rc, cc) = NumericDriftMath.Discrete(r, c);
                    return DiscreteTests.Run(test, rc, cc, 0);
                }
        }
    }

    private static ColumnDriftResult Categorical(CategoricalReferenceColumn r, CategoricalCounts c, int length, DriftOptions options)
    {
        var o = options.Columns.GetValueOrDefault(r.Name);
        if (r.Count == 0)
        {
            return NotTestable(r, "Reference has no non-missing values.", c.Missing, length);
        }
        if (c.Count == 0)
        {
            return NotTestable(r, "Current data has no non-missing values.", c.Missing, length);
        }
        var unseenKeys = c.Unseen.Keys.Order(StringComparer.Ordinal).ToArray();
        var keys = r.Categories.Concat(unseenKeys).ToArray();
        var rc = r.Counts.Select(x => (double)x).Concat(unseenKeys.Select(_ => 0.0)).ToArray();
        var cc = c.Counts.Select(x => (double)x).Concat(unseenKeys.Select(k => (double)c.Unseen[k])).ToArray();
        var currentDistinct = c.Counts.Count(n => n > 0) + unseenKeys.Length;
        string? note = r.DistinctCount == 1 && currentDistinct == 1 && unseenKeys.Length == 0
            ? "Constant in both samples with the same value: tested, cannot show drift." : null;
        DriftTest test;
        ScoreOutcome outcome;
        double threshold;
        ComparisonOperator op;
        if (options.Profile == DriftProfile.NannyMl)
        {
            test = DriftTest.JensenShannon;
            threshold = r.NannyMlThreshold;
            op = ComparisonOperator.GreaterThan;
            var q = c.Counts.Select(x => (double)x).Append(c.UnseenTotal).ToArray();
            outcome = double.IsNaN(threshold)
                ? ScoreOutcome.NotTestable($"Reference has fewer than {DriftReference.NannyMlChunks} rows for chunk thresholds.")
                : new ScoreOutcome(NannyMl.FromCounts(r, q, c.Count), null, null, null);
        }
        else
        {
            test = o?.Test ?? DiscreteTests.EvidentlyDefault(r.Count, DriftColumnKind.Categorical, keys.Length);
            threshold = o?.Threshold ?? DiscreteTests.DefaultThreshold(test);
            op = DiscreteTests.DefaultOperator(test);
            var first = unseenKeys.Length > 0 && string.CompareOrdinal(unseenKeys[0], keys[0]) < 0 ? r.DistinctCount : 0;
            outcome = c.UnseenOverflow
                ? ScoreOutcome.NotTestable($"More than {NumericCounts.MaxTrackedUnseen} distinct categories are absent from the reference.")
                : DiscreteTests.Run(test, rc, cc, first);
        }
        var unseen = c.Unseen.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(options.MaxListedUnseen).Select(kv => new UnseenCategory(kv.Key, kv.Value)).ToArray();
        return Result(r, DriftColumnKind.Categorical, test, outcome, threshold, op, note, c.Missing, length, c.Count, options) with
        {
            Histogram = CategoryHistogram(keys, rc, cc),
            UnseenCount = c.UnseenTotal,
            UnseenDistinct = c.Unseen.Count,
            UnseenTruncated = c.UnseenOverflow,
            UnseenCategories = unseen,
        };
    }

    private static DriftHistogram CategoryHistogram((double[] Keys, double[] Ref, double[] Cur) d)
        => CategoryHistogram(d.Keys.Select(DriftDataset.FormatNumber).ToArray(), d.Ref, d.Cur);

    /// <summary>Categories by combined count; beyond 50 the rest are summed into "(other)" to keep reports small.</summary>
    private static DriftHistogram CategoryHistogram(string[] keys, double[] rc, double[] cc)
    {
        const int MaxCategories = 50;
        var order = Enumerable.Range(0, keys.Length).ToArray();
        if (keys.Length > MaxCategories)
        {
            order = order.OrderByDescending(i => rc[i] + cc[i]).ToArray();
        }
        var labels = new List<string>();
        var r = new List<long>();
        var c = new List<long>();
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            if (k == MaxCategories)
            {
                labels.Add("(other)");
                r.Add(0);
                c.Add(0);
            }
            if (k >= MaxCategories)
            {
                r[^1] += (long)rc[i];
                c[^1] += (long)cc[i];
                continue;
            }
            labels.Add(keys[i]);
            r.Add((long)rc[i]);
            c.Add((long)cc[i]);
        }
        return new DriftHistogram(null, labels, r, c);
    }

    private static ColumnDriftResult Result(ReferenceColumn r, DriftColumnKind kind, DriftTest test, ScoreOutcome outcome, double threshold,
        ComparisonOperator op, string? note, int currentMissing, int currentRows, int currentCount, DriftOptions options)
    {
        var refMissing = r.RowCount == 0 ? 0 : (double)r.MissingCount / r.RowCount;
        var curMissing = currentRows == 0 ? 0 : (double)currentMissing / currentRows;
        var tested = outcome.NotTestableReason is null && !double.IsNaN(outcome.Score);
        return new ColumnDriftResult
        {
            Column = r.Name,
            Status = tested ? ColumnDriftStatus.Tested : ColumnDriftStatus.NotTestable,
            Reason = tested ? note : outcome.NotTestableReason ?? "The test returned no value.",
            Kind = kind,
            Test = test,
            IsPValue = DiscreteTests.IsPValue(test),
            Statistic = outcome.Statistic,
            Score = tested ? outcome.Score : null,
            Threshold = threshold,
            Operator = op,
            Drifted = tested && DiscreteTests.Compare(outcome.Score, op, threshold),
            EffectSize = outcome.Effect,
            ReferenceCount = r.Count,
            CurrentCount = currentCount,
            ReferenceMissingShare = refMissing,
            CurrentMissingShare = curMissing,
            MissingShareChanged = MissingChanged(refMissing, curMissing, options.MissingShareTolerance),
        };
    }

    private static bool MissingChanged(double reference, double current, double tolerance)
        => Math.Abs(current - reference) > tolerance * reference + 1e-12;

    private static ColumnDriftResult NotTestable(ReferenceColumn r, string reason, int currentMissing = 0, int currentRows = 0)
    {
        var refMissing = r.RowCount == 0 ? 0 : (double)r.MissingCount / r.RowCount;
        var curMissing = currentRows == 0 ? 0 : (double)currentMissing / currentRows;
        return new ColumnDriftResult
        {
            Column = r.Name,
            Status = ColumnDriftStatus.NotTestable,
            Reason = reason,
            Kind = r is CategoricalReferenceColumn ? DriftColumnKind.Categorical : DriftColumnKind.Numerical,
            ReferenceCount = r.Count,
            CurrentCount = currentRows - currentMissing,
            ReferenceMissingShare = refMissing,
            CurrentMissingShare = curMissing,
            MissingShareChanged = currentRows > 0 && MissingChanged(refMissing, curMissing, 0.1),
        };
    }

    private static string Describe(object column) => column is NumericReferenceColumn or NumericDriftColumn ? "numeric" : "categorical";

    internal static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
