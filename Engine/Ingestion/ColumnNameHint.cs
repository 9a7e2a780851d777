namespace LeadScoring.Engine.Ingestion;

/// <summary>"Did you mean": an unknown header name that is a missing column spelled differently (company_size, CompanySize).</summary>
internal static class ColumnNameHint
{
    /// <summary>" Did you mean 'x' (…)?" naming the closest unknown column, or "" when none is close.</summary>
    public static string DidYouMean(string missing, IReadOnlyList<string> unknown)
    {
        var target = Normalise(missing);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in unknown)
        {
            var distance = Distance(target, Normalise(name));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }
        // Case, '_', '-' and spaces never count; beyond that, at most two typos (one for short names).
        var allowed = target.Length <= 6 ? 1 : 2;
        return best is not null && bestDistance <= allowed
            ? $" Did you mean '{Shorten(best)}'? Rename that column to '{missing}'."
            : "";
    }

    private static string Normalise(string name) =>
        string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";

    // Levenshtein over short header names; bounded so an absurd header costs nothing.
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
