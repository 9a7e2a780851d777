using LeadScoring.Engine.Performance.Sampling;

namespace LeadScoring.Engine.Performance.Calibration;

/// <summary>One train/test split of row indices.</summary>
/// <param name="Train">Training rows, in scikit-learn's (shuffled) order.</param>
/// <param name="Test">Test rows, in scikit-learn's (shuffled) order.</param>
public sealed record TrainTestSplit(int[] Train, int[] Test);

/// <summary>
/// scikit-learn 1.2.1 <c>StratifiedShuffleSplit(n_splits, test_size, random_state)._iter_indices</c> for 0/1 labels,
/// with <c>_approximate_mode</c> and <c>_validate_shuffle_split</c>, on <see cref="NumpyRandomState"/>: the same
/// index lists as scikit-learn for the same seed. NannyML's <c>needs_calibration</c> (nannyml/calibration.py) uses it
/// with n_splits = 10, test_size = 0.1, random_state = 42.
/// </summary>
public static class StratifiedShuffleSplit
{
    /// <summary>
    /// The splits, or null where scikit-learn raises ValueError (a class with fewer than 2 rows, or fewer training or
    /// test rows than classes).
    /// </summary>
    public static IReadOnlyList<TrainTestSplit>? Split(ReadOnlySpan<int> labels, int splitCount = 10,
        double testSize = 0.1, uint seed = 42)
    {
        var n = labels.Length;
        var nTest = (int)Math.Ceiling(testSize * n);
        var nTrain = n - nTest;
        // np.unique(y, return_inverse=True): classes in ascending order; class_indices by stable argsort.
        var classes = new List<int>();
        foreach (var label in labels)
        {
            if (!classes.Contains(label))
            {
                classes.Add(label);
            }
        }
        classes.Sort();
        var classIndices = classes.Select(c => new List<int>()).ToArray();
        for (var i = 0; i < n; i++)
        {
            classIndices[classes.IndexOf(labels[i])].Add(i);
        }
        var classCounts = classIndices.Select(l => (long)l.Count).ToArray();
        if (classCounts.Length == 0 || classCounts.Min() < 2 || nTrain < classes.Count || nTest < classes.Count
            || nTrain == 0)
        {
            return null;
        }
        var rng = new NumpyRandomState(seed);
        var splits = new List<TrainTestSplit>(splitCount);
        for (var s = 0; s < splitCount; s++)
        {
            var nI = ApproximateMode(classCounts, nTrain, rng);
            var remaining = new long[classCounts.Length];
            for (var i = 0; i < remaining.Length; i++)
            {
                remaining[i] = classCounts[i] - nI[i];
            }
            var tI = ApproximateMode(remaining, nTest, rng);
            var train = new List<int>(nTrain);
            var test = new List<int>(nTest);
            for (var i = 0; i < classCounts.Length; i++)
            {
                var permutation = rng.Permutation((int)classCounts[i]);
                for (var j = 0; j < nI[i]; j++)
                {
                    train.Add(classIndices[i][permutation[j]]);
                }
                for (var j = nI[i]; j < nI[i] + tI[i]; j++)
                {
                    test.Add(classIndices[i][permutation[j]]);
                }
            }
            var trainArray = train.ToArray();
            var testArray = test.ToArray();
            rng.Shuffle(trainArray);
            rng.Shuffle(testArray);
            splits.Add(new TrainTestSplit(trainArray, testArray));
        }
        return splits;
    }

    /// <summary>sklearn.utils._approximate_mode: floor of the proportional share, remainders handed out largest first,
    /// ties among equal remainders broken by <c>rng.choice(..., replace=False)</c> (= permutation(len)[:k]).</summary>
    private static long[] ApproximateMode(long[] classCounts, long draws, NumpyRandomState rng)
    {
        double sum = classCounts.Sum();
        var continuous = classCounts.Select(c => c / sum * draws).ToArray();
        var floored = continuous.Select(Math.Floor).ToArray();
        var needToAdd = (long)(draws - floored.Sum());
        if (needToAdd > 0)
        {
            var remainder = new double[continuous.Length];
            for (var i = 0; i < remainder.Length; i++)
            {
                remainder[i] = continuous[i] - floored[i];
            }
            foreach (var value in remainder.Distinct().OrderByDescending(v => v))
            {
                var indices = Enumerable.Range(0, remainder.Length).Where(i => remainder[i] == value).ToArray();
                var addNow = (int)Math.Min(indices.Length, needToAdd);
                var permutation = rng.Permutation(indices.Length);
                for (var j = 0; j < addNow; j++)
                {
                    floored[indices[permutation[j]]] += 1;
                }
                needToAdd -= addNow;
                if (needToAdd == 0)
                {
                    break;
                }
            }
        }
        return floored.Select(f => (long)f).ToArray();
    }
}
