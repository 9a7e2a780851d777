using LeadScoring.Engine.Statistics;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Statistics;

// Expected values: scipy 1.10.1 / numpy 1.24.2 via scipy_expected.py in this folder.
public class DistancesAndTestsTests
{
    [Fact]
    public void ChiSquareGoodnessOfFit_MatchesScipy()
    {
        // stats.chisquare([10,20,30,40], [15,25,25,35]) -> (4.380952380952381, 0.2231580559564996)
        var r = ChiSquare.GoodnessOfFit([10.0, 20, 30, 40], [15.0, 25, 25, 35]);
        Close(4.380952380952381, r.Statistic, 1e-13);
        Close(0.2231580559564996, r.PValue, 1e-12);
        Assert.Equal(3, r.DegreesOfFreedom);
    }

    [Fact]
    public void ChiSquareSf_MatchesScipy()
    {
        // stats.chi2.sf(3.5, 7), stats.chi2.sf(250.0, 9)
        Close(0.8352254826103422, ChiSquare.Sf(3.5, 7), 1e-12);
        Close(9.976151469298895e-49, ChiSquare.Sf(250.0, 9), 1e-10);
    }

    [Fact]
    public void ChiSquare_CategoryAbsentFromReference_InfiniteStatisticPZero()
    {
        var r = ChiSquare.GoodnessOfFit([5.0, 5, 1], [5.5, 5.5, 0]);
        Assert.True(double.IsPositiveInfinity(r.Statistic));
        Assert.Equal(0.0, r.PValue);
    }

    [Fact]
    public void ZTest_MatchesEvidentlyFormula()
    {
        // p1=73/100, p2=62/100: z = 1.6606729834120737, p = 2*(1-norm.cdf(|z|)) = 0.09677914222399253
        var r = ProportionsZTest.FromCounts(73, 100, 62, 100);
        Close(1.6606729834120737, r.Statistic, 1e-12);
        Close(0.09677914222399253, r.PValue, 1e-10);
        Assert.True(r.CohensH > 0.23 && r.CohensH < 0.24);
        // 7300/10000 vs 62000/100000: z = 21.723270285582505, p computed as 2*(1-cdf) is exactly 0.0
        var big = ProportionsZTest.FromCounts(7300, 10000, 62000, 100000);
        Close(21.723270285582505, big.Statistic, 1e-12);
        Assert.Equal(0.0, big.PValue);
    }

    [Fact]
    public void ZTest_SameConstantBothSides_PValueOne()
    {
        var r = ProportionsZTest.FromCounts(40, 40, 7, 7);
        Assert.Equal(1.0, r.PValue);
    }

    [Fact]
    public void JensenShannon_MatchesScipy()
    {
        // distance.jensenshannon([.1,.2,.3,.4],[.25]*4) natural log and base 2; disjoint [1,0] vs [0,1]
        Close(0.16692996572597965, Divergences.JensenShannon([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]), 1e-12);
        Close(0.2005033225314282, Divergences.JensenShannon([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], 2), 1e-12);
        Close(0.8325546111576977, Divergences.JensenShannon([1.0, 0], [0.0, 1]), 1e-12);
    }

    [Fact]
    public void Psi_MatchesNumpyFormula()
    {
        // np.sum((p - q) * np.log(p / q)) = 0.22821740957339182
        Close(0.22821740957339182, Divergences.PopulationStabilityIndex([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]), 1e-12);
    }

    [Fact]
    public void FillZeroes_UsesEvidentlyRule()
    {
        double[] small = [0.00005, 0, 0.99995];
        HistogramBinning.FillZeroes(small);
        Assert.Equal(0.00005 / 1e6, small[1]);
        double[] large = [0.5, 0, 0.5];
        HistogramBinning.FillZeroes(large);
        Assert.Equal(0.0001, large[1]);
    }

    [Fact]
    public void Wasserstein_MatchesScipy()
    {
        // a = lcg(200,11,3); b = lcg(150,12,3,0.5); wasserstein_distance(a, b) and / max(np.std(a), 0.001)
        var a = Lcg(200, 11, 3);
        var b = Lcg(150, 12, 3, 0.5);
        Close(0.5304920848420096, Wasserstein.Distance(a, b), 1e-12);
        Close(0.6156486440314833, Wasserstein.Normed(a, b), 1e-12);
        // wasserstein_distance([0,0,1,1,2], [0,1,1,1,5,5]) = 1.3666666666666667
        Close(1.3666666666666667, Wasserstein.Distance([0.0, 0, 1, 1, 2], [0.0, 1, 1, 1, 5, 5]), 1e-13);
    }

    [Fact]
    public void SturgesEdgesAndCounts_MatchNumpy()
    {
        // x = concat(lcg(1500,13,10), lcg(700,14,12,-1)); np.histogram_bin_edges(x, bins="sturges")
        var a = Lcg(1500, 13, 10);
        var b = Lcg(700, 14, 12, -1);
        var all = a.Concat(b).ToArray();
        var edges = HistogramBinning.SturgesEdges(all.Length, all.Min(), all.Max());
        Assert.Equal(14, edges.Length);
        Assert.Equal(-0.961087515503924, edges[0]);
        Close(-0.04489448808797081, edges[1], 1e-14);
        Assert.Equal(10.949421840903467, edges[^1]);
        // np.histogram(lcg(1500,13,10), edges)[0]
        Assert.Equal([0L, 140, 108, 165, 148, 152, 132, 140, 129, 120, 138, 128, 0], HistogramBinning.Counts(a, edges));
    }

    [Fact]
    public void DoaneEdges_MatchNumpy()
    {
        // np.histogram_bin_edges(lcg(1000,15,1)**3, bins="doane") -> 16 edges, e[1] = 0.06629390276458921
        var x = Lcg(1000, 15).Select(v => Math.Pow(v, 3)).ToArray();
        var edges = HistogramBinning.DoaneEdges(x);
        Assert.Equal(16, edges.Length);
        Close(0.06629390276458921, edges[1], 1e-12);
        Close(0.9944076209299847, edges[^1], 1e-14);
    }

    [Fact]
    public void BenjaminiHochberg_MatchesStepUpDefinition()
    {
        // p = [0.01, 0.04, 0.03, 0.5]; m = 4: sorted 0.01*4/1=0.04, 0.03*4/2=0.06, 0.04*4/3=0.0533 -> min from top 0.0533
        var adj = MultipleTesting.BenjaminiHochberg([0.01, 0.04, 0.03, 0.5, double.NaN]);
        Close(0.04, adj[0], 1e-14);
        Close(0.04 * 4 / 3, adj[1], 1e-14);
        Close(0.04 * 4 / 3, adj[2], 1e-14);
        Close(0.5, adj[3], 1e-14);
        Assert.True(double.IsNaN(adj[4]));
    }
}
