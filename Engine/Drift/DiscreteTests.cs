using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>A computed score, or the reason there is none.</summary>
internal readonly record struct ScoreOutcome(double Score, double? Statistic, EffectSize? Effect, string? NotTestableReason)
{
    public static ScoreOutcome NotTestable(string reason) => new(double.NaN, null, null, reason);
}

/// <summary>Evidently's per-category tests on counts over the union of reference and current values.</summary>
internal static class DiscreteTests
{
    /// <param name="test">Z-test, chi-square, Jensen–Shannon or PSI.</param>
    /// <param name="refCounts">Reference count per key (0 for unseen keys).</param>
    /// <param name="curCounts">Current count per key.</param>
    /// <param name="firstKey">Index of the smallest key (Evidently codes it 0 in the Z-test).</param>
    /// <param name="logBase">Base of the logarithm for Jensen–Shannon (e, or 2 for the NannyML profile).</param>
    public static ScoreOutcome Run(DriftTest test, double[] refCounts, double[] curCounts, int firstKey, double logBase = Math.E)
    {
        double nRef = refCounts.Sum(), nCur = curCounts.Sum();
        switch (test)
        {
            case DriftTest.ZTest:
                {
                    var z = ProportionsZTest.FromCounts((long)refCounts[firstKey], (long)nRef, (long)curCounts[firstKey], (long)nCur);
                    return new ScoreOutcome(z.PValue, z.Statistic, new EffectSize("Cohen's h", z.CohensH), null);
                }
            case DriftTest.ChiSquare:
                {
                    var k = nCur / nRef;
                    var expected = new double[refCounts.Length];
                    for (var i = 0; i < expected.Length; i++)
                    {
                        expected[i] = refCounts[i] * k;
                    }
                    var chi = ChiSquare.GoodnessOfFit(curCounts, expected);
                    return new ScoreOutcome(chi.PValue, chi.Statistic, new EffectSize("Cramér's V", ChiSquare.CramersV(refCounts, curCounts)), null);
                }
            case DriftTest.JensenShannon:
            case DriftTest.Psi:
                {
                    var p = Shares(refCounts, nRef);
                    var q = Shares(curCounts, nCur);
                    return new ScoreOutcome(SharesScore(test, p, q, logBase), null, null, null);
                }
            default:
                return ScoreOutcome.NotTestable($"{test} needs numeric values.");
        }
    }

    /// <summary>JS or PSI on shares after Evidently's zero filling.</summary>
    public static double SharesScore(DriftTest test, double[] p, double[] q, double logBase = Math.E)
    {
        HistogramBinning.FillZeroes(p);
        HistogramBinning.FillZeroes(q);
        return test == DriftTest.Psi ? Divergences.PopulationStabilityIndex(p, q) : Divergences.JensenShannon(p, q, logBase);
    }

    public static double[] Shares(IReadOnlyList<double> counts, double n)
    {
        var s = new double[counts.Count];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = counts[i] / n;
        }
        return s;
    }

    /// <summary>Evidently's default test (stattests/registry.py) from n_ref, kind and n_unique of reference ∪ current.</summary>
    public static DriftTest EvidentlyDefault(long nRef, DriftColumnKind kind, long nUnique)
    {
        if (nRef <= 1000)
        {
            if (kind == DriftColumnKind.Numerical && nUnique > 5)
            {
                return DriftTest.KolmogorovSmirnov;
            }
            return nUnique > 2 ? DriftTest.ChiSquare : DriftTest.ZTest;
        }
        return kind == DriftColumnKind.Numerical && nUnique > 5 ? DriftTest.Wasserstein : DriftTest.JensenShannon;
    }

    public static double DefaultThreshold(DriftTest test) => test switch
    {
        DriftTest.KolmogorovSmirnov or DriftTest.ChiSquare or DriftTest.ZTest => 0.05,
        _ => 0.1,
    };

    public static ComparisonOperator DefaultOperator(DriftTest test) => test switch
    {
        DriftTest.KolmogorovSmirnov => ComparisonOperator.LessThanOrEqual,
        DriftTest.ChiSquare or DriftTest.ZTest => ComparisonOperator.LessThan,
        _ => ComparisonOperator.GreaterThanOrEqual,
    };

    public static bool IsPValue(DriftTest test) => test is DriftTest.KolmogorovSmirnov or DriftTest.ChiSquare or DriftTest.ZTest;

    public static bool Compare(double score, ComparisonOperator op, double threshold) => op switch
    {
        ComparisonOperator.LessThan => score < threshold,
        ComparisonOperator.LessThanOrEqual => score <= threshold,
        ComparisonOperator.GreaterThanOrEqual => score >= threshold,
        _ => score > threshold,
    };
}
