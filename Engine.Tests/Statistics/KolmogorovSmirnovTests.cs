using LeadScoring.Engine.Statistics;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Statistics;

// Expected values: scipy 1.10.1 via scipy_expected.py in this folder (the call is quoted beside each literal).
public class KolmogorovSmirnovTests
{
    [Fact]
    public void TwoSample_SmallSamplesWithTies_MatchesScipyExact()
    {
        // stats.ks_2samp([1,2,2,3,5], [2,2,4,6,7,7]) -> (0.5, 0.35714285714285715)
        var r = KolmogorovSmirnov.TwoSample([1.0, 2, 2, 3, 5], [2.0, 2, 4, 6, 7, 7]);
        Assert.Equal(0.5, r.Statistic);
        Close(0.35714285714285715, r.PValue, 1e-12);
        Assert.Equal(KsMethod.Exact, r.Method);
    }

    [Theory]
    // stats.ks_2samp(lcg(50,1,10,0,1), lcg(37,2,10,1,1)) -> 0.20432432432432432, 0.2864126000350483
    [InlineData(50, 1UL, 10.0, 0.0, 1, 37, 2UL, 10.0, 1.0, 1, 0.20432432432432432, 0.2864126000350483)]
    // stats.ks_2samp(lcg(20,3), lcg(20,4,1,0.3)) -> 0.35, 0.17453300569806826 (equal sizes: outside-square method)
    [InlineData(20, 3UL, 1.0, 0.0, -1, 20, 4UL, 1.0, 0.3, -1, 0.35, 0.17453300569806826)]
    public void TwoSample_SmallSamples_MatchesScipy(int n1, ulong s1, double sc1, double o1, int d1, int n2, ulong s2, double sc2, double o2, int d2, double d, double p)
    {
        var a = Lcg(n1, s1, sc1, o1, d1 < 0 ? null : d1);
        var b = Lcg(n2, s2, sc2, o2, d2 < 0 ? null : d2);
        var r = KolmogorovSmirnov.TwoSample(a, b);
        Close(d, r.Statistic, 1e-12);
        Close(p, r.PValue, 1e-10);
    }

    [Theory]
    // a = lcg(n1, s); b = lcg(n2, s + 100, 1, off); stats.ks_2samp(a, b)
    [InlineData(1000, 10000, 5UL, 0.02, 0.0402, 0.10358124120931157, KsMethod.Exact)]
    [InlineData(10000, 10000, 6UL, 0.01, 0.0295, 0.00033206488074582195, KsMethod.Exact)]
    [InlineData(10000, 10001, 7UL, 0.01, 0.011698830116988246, 0.4968525769355874, KsMethod.Asymptotic)]
    [InlineData(10000, 100000, 8UL, 0.003, 0.013279999999999959, 0.08026939827710489, KsMethod.Asymptotic)]
    [InlineData(10000, 100000, 9UL, 0.05, 0.057579999999999965, 1.218095226369136e-26, KsMethod.Asymptotic)]
    [InlineData(5, 20000, 10UL, 0.3, 0.7757000000000001, 0.001138176526912243, KsMethod.Asymptotic)]
    public void TwoSample_ExactAsymptoticSwitchAt10000_MatchesScipy(int n1, int n2, ulong seed, double offset, double d, double p, KsMethod method)
    {
        var r = KolmogorovSmirnov.TwoSample(Lcg(n1, seed), Lcg(n2, seed + 100, 1, offset));
        Close(d, r.Statistic, 1e-12);
        Close(p, r.PValue, 1e-8);
        Assert.Equal(method, r.Method);
    }

    [Fact]
    public void TwoSample_IdenticalSamples_StatisticZeroPValueOne()
    {
        var a = Lcg(30, 21);
        var r = KolmogorovSmirnov.TwoSample(a, a);
        Assert.Equal(0.0, r.Statistic);
        Assert.Equal(1.0, r.PValue);
    }

    [Theory]
    // stats.kstwo.sf(x, n): each row exercises one branch of scipy's _kolmogn.
    [InlineData(5, 0.15, 0.9988)]                     // Ruben–Gambino, t <= 1
    [InlineData(5, 0.3, 0.664)]                       // Durbin matrix, small n
    [InlineData(10, 0.12, 0.9948566839762616)]
    [InlineData(100, 0.05, 0.9532159710635725)]       // Durbin matrix
    [InlineData(100, 0.15, 0.019839242125643017)]     // Pomeranz
    [InlineData(100, 0.25, 5.408871776434847e-06)]    // 2 * smirnov, n <= 140
    [InlineData(100, 0.6, 5.912822156396238e-35)]     // x >= 0.5
    [InlineData(130, 0.9995, 0.0)]                    // t >= n - 1
    [InlineData(9901, 0.005, 0.9644669815868336)]     // Pelz–Good
    [InlineData(9901, 0.012, 0.11457149212251139)]    // Pelz–Good
    [InlineData(9901, 0.02, 0.0007162264941103971)]   // 2 * smirnov, n > 140
    [InlineData(9901, 0.0005, 1.0)]
    [InlineData(200000, 0.002, 0.39995085369038097)]  // Pelz–Good, n > 100000
    [InlineData(200000, 0.0035, 0.014858338517072333)]
    public void KolmogorovSf_MatchesScipyKstwo(int n, double x, double expected)
    {
        Close(expected, KolmogorovDistribution.Sf(n, x), 1e-9);
    }

    [Theory]
    // special.smirnov(n, x)
    [InlineData(5, 0.3, 0.34282)]
    [InlineData(20, 0.1, 0.6290710188849629)]
    [InlineData(100, 0.1, 0.1265906584562817)]
    [InlineData(1000, 0.05, 0.006506037390545166)]
    [InlineData(9901, 0.02, 0.00035811324705519853)]
    [InlineData(50, 0.9, 1.0080305951144073e-50)]
    public void SmirnovSf_MatchesScipy(int n, double x, double expected)
    {
        Close(expected, Smirnov.Sf(n, x), 1e-10);
    }
}
