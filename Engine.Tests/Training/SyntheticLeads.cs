namespace LeadScoring.Engine.Tests.Training;

/// <summary>Seeded synthetic 47-feature rows whose label depends on a few features plus noise.</summary>
public static class SyntheticLeads
{
    public const int FeatureCount = 47;

    public static (double[] Features, int[] Labels) Create(int rows, int seed, double positiveRate = 0.4)
    {
        var random = new Random(seed);
        var features = new double[rows * FeatureCount];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = features.AsSpan(r * FeatureCount, FeatureCount);
            for (var j = 0; j < FeatureCount; j++)
            {
                // Mix of continuous values, small integers and 0/1 flags, like the real features.
                row[j] = (j % 3) switch
                {
                    0 => random.NextDouble(),
                    1 => random.Next(0, 20),
                    _ => random.Next(0, 2),
                };
            }
            var signal = 2.5 * (row[0] - 0.5) + 0.15 * (row[1] - 10) + 0.8 * row[2] + 1.2 * (row[3] - 0.5) - 0.4;
            var noisy = signal + 1.2 * (random.NextDouble() - 0.5);
            labels[r] = noisy > Quantile(positiveRate) ? 1 : 0;
        }
        return (features, labels);
    }

    // Approximate cut on the noisy signal for the requested positive rate (empirical, rough).
    private static double Quantile(double positiveRate) => 0.35 - 2 * (positiveRate - 0.4);
}
