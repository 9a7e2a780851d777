using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// Runs drift tests of current data against a precomputed <see cref="DriftReference"/>:
/// <c>var report = DriftDetector.Run(DriftReference.Build(reference), current, new DriftOptions());</c>
/// Columns are processed in parallel; each current column is read once (no sorting).
/// </summary>
public static class DriftDetector
{
    /// <summary>Tests every reference column against the same-named current column.</summary>
    /// <param name="reference">Precomputed reference (once per model version).</param>
    /// <param name="current">Current batch or time window (a dataset, or any source that loads a column at a time).</param>
    /// <param name="options">Profile, overrides and levels; null for Evidently defaults.</param>
    /// <param name="currentScores">Model scores of the current rows, for prediction drift when the reference has scores.</param>
    public static DriftReport Run(DriftReference reference, IDriftColumnSource current, DriftOptions? options = null, IReadOnlyList<double>? currentScores = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
        var results = new ColumnDriftResult[reference.Columns.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.For(0, results.Length, parallel, i =>
        {
            var rc = reference.Columns[i];
            var column = current.Load(rc.Name);
            results[i] = ColumnEvaluator.Evaluate(rc, column, options);
            if (column is not null)
            {
                current.Release(column);
            }
        });
        PredictionDriftResult? prediction = null;
        if (reference.Scores is not null && currentScores is not null && currentScores.Count > 0)
        {
            prediction = PredictionDrift.Run(reference.Scores, currentScores as double[] ?? currentScores.ToArray());
        }
        return Assemble(reference, results, current.RowCount, prediction, options);
    }

    /// <summary>
    /// Drift from merged <see cref="DriftCounts"/> instead of rows: the same report as <see cref="Run(DriftReference, IDriftColumnSource, DriftOptions?, IReadOnlyList{double}?)"/>
    /// on the rows they count (KS exactly; Wasserstein, PSI and JS up to summation order). Null, with the reason, when
    /// the counts cannot give that exactly (a column kept too many off-grid values).
    /// </summary>
    public static DriftReport? RunFromCounts(DriftReference reference, DriftCounts counts, DriftOptions? options, out string? inexactReason)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(counts);
        options ??= new DriftOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
        inexactReason = CountsInexactReason(reference, counts);
        if (inexactReason is not null)
        {
            return null;
        }
        var results = new ColumnDriftResult[reference.Columns.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.For(0, results.Length, parallel, i => results[i] = ColumnEvaluator.EvaluateCounted(reference.Columns[i], counts.Columns[i], options));
        PredictionDriftResult? prediction = null;
        if (reference.Scores is not null && counts.Scores is { } scores && scores.Count > 0)
        {
            prediction = PredictionDrift.FromCounts(reference.Scores, scores);
        }
        return Assemble(reference, results, checked((int)counts.Rows), prediction, options);
    }

    private static string? CountsInexactReason(DriftReference reference, DriftCounts counts)
    {
        if (counts.Rows > int.MaxValue)
        {
            return $"The window holds more than {int.MaxValue:N0} rows.";
        }
        for (var i = 0; i < counts.Columns.Length; i++)
        {
            var name = reference.Columns[i].Name;
            switch (counts.Columns[i])
            {
                case { Overflow: true }:
                    return $"Column '{name}' has too many distinct values off the reference grid in some hour to be counted exactly.";
                case NumericTally n when n.OffGrid.Count >= NumericCounts.MaxTrackedUnseen:
                case CategoricalTally k when k.Unseen.Count > NumericCounts.MaxTrackedUnseen:
                    return $"Column '{name}' has more than {NumericCounts.MaxTrackedUnseen:N0} distinct values absent from the reference; the engine lists those in row order.";
            }
        }
        if (counts.Scores is { Overflow: true } s && counts.ScoreGapsNeedingValues(reference).Any(g => !s.Supplied.ContainsKey(g.Gap)))
        {
            return "Scores needed in some gaps of the reference scores were not supplied.";
        }
        return null;
    }

    private static DriftReport Assemble(DriftReference reference, ColumnDriftResult[] results, int currentRows, PredictionDriftResult? prediction, DriftOptions options)
    {
        if (options.BenjaminiHochberg && options.Profile == DriftProfile.Evidently)
        {
            ApplyBenjaminiHochberg(results);
        }
        var tested = results.Count(r => r.Status == ColumnDriftStatus.Tested);
        var drifted = results.Count(r => r.Drifted);
        var share = tested == 0 ? 0.0 : (double)drifted / tested;
        return new DriftReport
        {
            Profile = options.Profile,
            BenjaminiHochberg = options.BenjaminiHochberg && options.Profile == DriftProfile.Evidently,
            ReferenceRows = reference.RowCount,
            CurrentRows = currentRows,
            TestedColumns = tested,
            DriftedColumns = drifted,
            DriftShare = share,
            AlertLevel = Level(share, options),
            DatasetDrift = tested > 0 && share >= options.DatasetDriftShare,
            YellowShare = options.YellowShare,
            RedShare = options.RedShare,
            Columns = results,
            PredictionDrift = prediction,
        };
    }

    /// <summary>Convenience overload that builds the reference first (prefer precomputing it once).</summary>
    public static DriftReport Run(DriftDataset reference, DriftDataset current, DriftOptions? options = null)
        => Run(DriftReference.Build(reference), current, options);

    /// <summary>Green below the yellow share, yellow below the red share, red at or above it.</summary>
    public static DriftAlertLevel Level(double share, DriftOptions options)
        => share >= options.RedShare ? DriftAlertLevel.Red : share >= options.YellowShare ? DriftAlertLevel.Yellow : DriftAlertLevel.Green;

    private static void ApplyBenjaminiHochberg(ColumnDriftResult[] results)
    {
        var idx = Enumerable.Range(0, results.Length)
            .Where(i => results[i].Status == ColumnDriftStatus.Tested && results[i].IsPValue).ToArray();
        var adjusted = MultipleTesting.BenjaminiHochberg(idx.Select(i => results[i].Score!.Value).ToArray());
        for (var k = 0; k < idx.Length; k++)
        {
            var r = results[idx[k]];
            results[idx[k]] = r with
            {
                AdjustedPValue = adjusted[k],
                Drifted = DiscreteTests.Compare(adjusted[k], r.Operator!.Value, r.Threshold!.Value),
            };
        }
    }
}
