using System.Globalization;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.DriftRuns;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>
/// Query parameters of the drift API: <c>batch</c> (id), or <c>from</c> / <c>to</c> (ISO-8601, UTC unless an offset is
/// given; <c>to</c> defaults to now) with an optional <c>modelVersion</c> (registry id); <c>profile</c>
/// (evidently | nannyml), <c>bh</c> (true | false), <c>format</c> (html | json | markdown, downloads only).
/// </summary>
public sealed record DriftQuery(long? Batch, TimeWindow? Window, int? ModelVersion, DriftOverrides Overrides, string Format)
{
    private static readonly string[] s_formats = ["html", "json", "markdown"];

    /// <summary>The parsed query, or null with a message naming the parameter.</summary>
    public static DriftQuery? Parse(IQueryCollection query, TimeProvider time, out string? error)
    {
        error = null;
        long? batch = null;
        if (query.TryGetValue("batch", out var b))
        {
            if (!long.TryParse(b.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = "'batch' must be a batch id (a whole number).";
                return null;
            }
            batch = id;
        }
        int? model = null;
        if (query.TryGetValue("modelVersion", out var m))
        {
            if (!int.TryParse(m.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = "'modelVersion' must be a model version id (a whole number).";
                return null;
            }
            model = id;
        }
        TimeWindow? window = null;
        var hasFrom = query.TryGetValue("from", out var from);
        if (hasFrom || query.ContainsKey("to"))
        {
            if (!hasFrom || !TryTime(from.ToString(), out var start))
            {
                error = "'from' must be an ISO-8601 time, e.g. 2026-03-01T00:00:00Z.";
                return null;
            }
            var end = time.GetUtcNow();
            if (query.TryGetValue("to", out var to) && !TryTime(to.ToString(), out end))
            {
                error = "'to' must be an ISO-8601 time, e.g. 2026-03-02T00:00:00Z.";
                return null;
            }
            if (end <= start)
            {
                error = "'from' must be before 'to'.";
                return null;
            }
            window = new TimeWindow(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
        }
        if (batch is not null && window is not null)
        {
            error = "Give either 'batch' or 'from' and 'to', not both.";
            return null;
        }
        if (model is not null && window is null)
        {
            error = "'modelVersion' applies to a time window ('from' and 'to').";
            return null;
        }
        DriftProfile? profile = null;
        if (query.TryGetValue("profile", out var p))
        {
            profile = DriftProfiles.Parse(p.ToString());
            if (profile is null)
            {
                error = "'profile' must be 'evidently' or 'nannyml'.";
                return null;
            }
        }
        bool? bh = null;
        if (query.TryGetValue("bh", out var h))
        {
            if (!bool.TryParse(h.ToString(), out var value))
            {
                error = "'bh' must be 'true' or 'false'.";
                return null;
            }
            bh = value;
        }
        var format = query.TryGetValue("format", out var f) ? f.ToString().ToLowerInvariant() : "html";
        if (!s_formats.Contains(format))
        {
            error = "'format' must be 'html', 'json' or 'markdown'.";
            return null;
        }
        return new DriftQuery(batch, window, model, new DriftOverrides(profile, bh), format);
    }

    private static bool TryTime(string text, out DateTimeOffset value) => QueryTime.TryParse(text, out value);
}

/// <summary>How the API reads a time in a query string: ISO-8601, UTC unless an offset is given.</summary>
public static class QueryTime
{
    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
