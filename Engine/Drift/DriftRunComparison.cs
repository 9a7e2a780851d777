namespace LeadScoring.Engine.Drift;

/// <summary>One side of a comparison: a report with what it was computed against.</summary>
/// <param name="Report">The drift report.</param>
/// <param name="ReferenceHash">SHA-256 of the reference; null when unknown.</param>
/// <param name="ConfigJson">The drift configuration in force, as stored (compared as text).</param>
/// <param name="ModelVersionId">Model version whose reference was used; null for an uploaded reference.</param>
public sealed record DriftRunSide(DriftReport Report, string? ReferenceHash, string? ConfigJson, int? ModelVersionId);

/// <summary>How a column's drift call changed from run A to run B.</summary>
public enum DriftFlip
{
    /// <summary>Same call in both runs (or not tested in one of them).</summary>
    None,

    /// <summary>Not drifted in A, drifted in B.</summary>
    BecameDrifted,

    /// <summary>Drifted in A, not drifted in B.</summary>
    NoLongerDrifted,
}

/// <summary>One column in both runs.</summary>
/// <param name="Column">Column name.</param>
/// <param name="InA">Whether the column is in run A's report.</param>
/// <param name="InB">Whether the column is in run B's report.</param>
/// <param name="DriftedA">Drifted in A.</param>
/// <param name="DriftedB">Drifted in B.</param>
/// <param name="Flip">Which way the call changed.</param>
/// <param name="TestA">Test in A.</param>
/// <param name="TestB">Test in B.</param>
/// <param name="StatisticA">Test statistic in A.</param>
/// <param name="StatisticB">Test statistic in B.</param>
/// <param name="ScoreA">p-value or distance in A (what was compared with the threshold).</param>
/// <param name="ScoreB">p-value or distance in B.</param>
/// <param name="ScoreDelta">B − A of the score when both are finite; null otherwise.</param>
/// <param name="IsPValue">True when the scores are p-values (in either run).</param>
public sealed record ColumnDriftComparison(string Column, bool InA, bool InB, bool DriftedA, bool DriftedB, DriftFlip Flip,
    DriftTest? TestA, DriftTest? TestB, double? StatisticA, double? StatisticB, double? ScoreA, double? ScoreB, double? ScoreDelta, bool IsPValue);

/// <summary>Two drift runs side by side.</summary>
/// <param name="ShareA">Drift share of A.</param>
/// <param name="ShareB">Drift share of B.</param>
/// <param name="ShareDelta">B − A.</param>
/// <param name="LevelA">Alert level of A.</param>
/// <param name="LevelB">Alert level of B.</param>
/// <param name="LevelChanged">Whether the alert level differs.</param>
/// <param name="Columns">Every column of either run, in A's order then B's extra columns.</param>
/// <param name="Notes">Plain sentences on why the two may not be comparable (reference, configuration, model version, profile).</param>
public sealed record DriftComparison(double ShareA, double ShareB, double ShareDelta, DriftAlertLevel LevelA, DriftAlertLevel LevelB, bool LevelChanged,
    IReadOnlyList<ColumnDriftComparison> Columns, IReadOnlyList<string> Notes)
{
    /// <summary>Columns whose drift call changed.</summary>
    public IEnumerable<ColumnDriftComparison> Flipped => Columns.Where(c => c.Flip != DriftFlip.None);
}

/// <summary>Compares two drift reports column by column.</summary>
public static class DriftRunComparer
{
    public static DriftComparison Compare(DriftRunSide a, DriftRunSide b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inA = a.Report.Columns.ToDictionary(c => c.Column, StringComparer.Ordinal);
        var inB = b.Report.Columns.ToDictionary(c => c.Column, StringComparer.Ordinal);
        var names = a.Report.Columns.Select(c => c.Column).Concat(b.Report.Columns.Select(c => c.Column).Where(n => !inA.ContainsKey(n)));
        var columns = names.Select(n => Column(n, inA.GetValueOrDefault(n), inB.GetValueOrDefault(n))).ToList();
        return new DriftComparison(a.Report.DriftShare, b.Report.DriftShare, b.Report.DriftShare - a.Report.DriftShare,
            a.Report.AlertLevel, b.Report.AlertLevel, a.Report.AlertLevel != b.Report.AlertLevel, columns, Notes(a, b));
    }

    private static ColumnDriftComparison Column(string name, ColumnDriftResult? a, ColumnDriftResult? b)
    {
        var testedA = a?.Status == ColumnDriftStatus.Tested;
        var testedB = b?.Status == ColumnDriftStatus.Tested;
        var driftedA = testedA && a!.Drifted;
        var driftedB = testedB && b!.Drifted;
        // A call can only flip when both runs made one: an untested column is not "no drift".
        var flip = !testedA || !testedB || driftedA == driftedB ? DriftFlip.None
            : driftedB ? DriftFlip.BecameDrifted : DriftFlip.NoLongerDrifted;
        double? delta = a?.Score is double sa && b?.Score is double sb && double.IsFinite(sa) && double.IsFinite(sb) ? sb - sa : null;
        return new ColumnDriftComparison(name, a is not null, b is not null, driftedA, driftedB, flip, a?.Test, b?.Test,
            a?.Statistic, b?.Statistic, a?.Score, b?.Score, delta, (a?.IsPValue ?? false) || (b?.IsPValue ?? false));
    }

    private static List<string> Notes(DriftRunSide a, DriftRunSide b)
    {
        var notes = new List<string>();
        if (a.ReferenceHash is null || b.ReferenceHash is null)
        {
            notes.Add("The reference of one run is unknown, so it cannot be said whether both used the same reference.");
        }
        else if (!string.Equals(a.ReferenceHash, b.ReferenceHash, StringComparison.OrdinalIgnoreCase))
        {
            notes.Add($"The runs used different references (SHA-256 {Short(a.ReferenceHash)} vs {Short(b.ReferenceHash)}): differences may come from the reference, not the data.");
        }
        if (a.ModelVersionId != b.ModelVersionId)
        {
            notes.Add($"The runs used different model versions ({Version(a.ModelVersionId)} vs {Version(b.ModelVersionId)}).");
        }
        if (a.Report.Profile != b.Report.Profile)
        {
            notes.Add($"The runs used different profiles ({DriftProfiles.Token(a.Report.Profile)} vs {DriftProfiles.Token(b.Report.Profile)}): their statistics are not comparable.");
        }
        if (!string.Equals(a.ConfigJson, b.ConfigJson, StringComparison.Ordinal))
        {
            notes.Add("The runs used different drift configurations (tests, thresholds, corrections or alert shares).");
        }
        return notes;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string Version(int? id) => id is int v ? $"#{v}" : "an uploaded reference";
}
