using Xunit.Abstractions;
using LeadScoring.Engine.Performance.Shadow;

namespace LeadScoring.Engine.Tests.Performance;

/// <summary>Known truth: equally good models give roughly uniform p-values; a clearly better one is found.</summary>
public sealed class ShadowSimulationTests(ITestOutputHelper output)
{
    private const int Replications = 200;

    [Fact]
    public void Equally_good_models_are_rejected_about_five_percent_of_the_time()
    {
        var (delong, mcnemar, uniformBins) = RejectionRates(signalChampion: 0.8, signalChallenger: 0.8, seed: 1);
        output.WriteLine($"DeLong {delong:P1}, McNemar {mcnemar:P1}, fifths {string.Join(" ", uniformBins.Select(b => b.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.InRange(delong, 0.02, 0.09);
        Assert.InRange(mcnemar, 0.0, 0.09);
        // Roughly uniform: each fifth of [0, 1] holds 10–30 % of the DeLong p-values.
        Assert.All(uniformBins, share => Assert.InRange(share, 0.10, 0.30));
    }

    [Fact]
    public void A_clearly_better_challenger_is_found_most_of_the_time()
    {
        var (delong, mcnemar, _) = RejectionRates(signalChampion: 0.5, signalChallenger: 1.3, seed: 2);
        output.WriteLine($"DeLong {delong:P1}, McNemar {mcnemar:P1}");
        Assert.True(delong >= 0.9, $"DeLong rejected in {delong:P0}");
        Assert.True(mcnemar >= 0.6, $"McNemar rejected in {mcnemar:P0}");
    }

    /// <summary>Rejection rates at 5 % of DeLong and McNemar, and the DeLong p-values' shares per fifth of [0, 1].</summary>
    private static (double DeLong, double McNemar, double[] Fifths) RejectionRates(double signalChampion,
        double signalChallenger, int seed)
    {
        var random = new Random(seed);
        const int n = 300;
        var champion = new double[n];
        var challenger = new double[n];
        var outcomes = new sbyte[n];
        int delong = 0, mcnemar = 0;
        var fifths = new double[5];
        for (var r = 0; r < Replications; r++)
        {
            for (var i = 0; i < n; i++)
            {
                var converted = random.NextDouble() < 0.35;
                outcomes[i] = (sbyte)(converted ? 1 : 0);
                // A component both models see (so their errors correlate) plus each one's own noise; 2 decimals for ties.
                var sign = converted ? 1.0 : -1.0;
                var shared = Gaussian(random);
                champion[i] = Score(signalChampion * sign + shared + Gaussian(random));
                challenger[i] = Score(signalChallenger * sign + shared + Gaussian(random));
            }
            var tests = (PairedOutcomeTests)ShadowComparison.Compare(champion, challenger, outcomes).Outcomes;
            var p = tests.RocAuc!.PValue;
            delong += p < 0.05 ? 1 : 0;
            mcnemar += tests.Decisions.PValue < 0.05 ? 1 : 0;
            fifths[Math.Min(4, (int)(p * 5))] += 1.0 / Replications;
        }
        return ((double)delong / Replications, (double)mcnemar / Replications, fifths);
    }

    private static double Score(double latent) => Math.Round(1 / (1 + Math.Exp(-latent)), 2);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
