namespace LeadScoring.Engine.Training;

/// <summary>Deterministic stratified splits: each class is shuffled with the seed and divided in proportion.</summary>
public static class StratifiedSplit
{
    /// <summary>
    /// Splits row indices into train and validation keeping the class ratio; each class puts
    /// round(count × fraction) rows (at least 1 when it has 2 or more) into validation.
    /// </summary>
    public static (int[] Train, int[] Validation) TrainValidation(IReadOnlyList<int> labels, double validationFraction,
        int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validationFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(validationFraction, 1);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var members in ShuffledClasses(labels, seed))
        {
            var take = (int)Math.Round(members.Length * validationFraction, MidpointRounding.AwayFromZero);
            if (take == 0 && members.Length >= 2)
            {
                take = 1;
            }
            validation.AddRange(members.Take(take));
            train.AddRange(members.Skip(take));
        }
        train.Sort();
        validation.Sort();
        return ([.. train], [.. validation]);
    }

    /// <summary>Assigns each row a fold in [0, folds): the i-th shuffled member of a class goes to fold i mod k.</summary>
    public static int[] FoldAssignments(IReadOnlyList<int> labels, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var assignment = new int[labels.Count];
        var next = 0;
        foreach (var members in ShuffledClasses(labels, seed))
        {
            foreach (var row in members)
            {
                // Continue the rotation across classes so fold sizes differ by at most one.
                assignment[row] = next++ % folds;
            }
        }
        return assignment;
    }

    private static IEnumerable<int[]> ShuffledClasses(IReadOnlyList<int> labels, int seed)
    {
        var random = new Random(seed);
        foreach (var label in labels.Distinct().Order())
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            random.Shuffle(members);
            yield return members;
        }
    }
}
