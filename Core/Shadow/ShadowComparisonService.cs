using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Performance.Shadow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Shadow;

/// <summary>
/// Loads the challenger's stored scores paired with the champion's predictions (and their outcomes, where known)
/// and runs <see cref="ShadowComparison"/> and the realized metrics on them. Used by the Models page, the API and
/// the promotion evidence.
/// </summary>
public sealed class ShadowComparisonService(ILeadScoringDbFactory dbFactory, ModelVersionCatalog catalog, ShadowQueue queue,
    IOptionsMonitor<ShadowOptions> options, TimeProvider time)
{
    public const int Bins = 20;

    /// <summary>
    /// Compares the marked challenger with the current champion over [from, to) (default: since the challenger was
    /// marked, until now); null when no challenger is marked or no champion exists.
    /// </summary>
    public async Task<ChallengerComparison?> CompareAsync(DateTime? fromUtc = null, DateTime? toUtc = null, CancellationToken cancellationToken = default)
    {
        var versions = await catalog.ListAsync(cancellationToken);
        var challenger = versions.FirstOrDefault(v => v.IsChallenger);
        var champion = versions.FirstOrDefault(v => v.Status == Storage.Entities.ModelStatus.Champion);
        if (challenger is null || champion is null)
        {
            return null;
        }
        var settings = options.CurrentValue;
        var from = DateTime.SpecifyKind(fromUtc ?? challenger.ChallengerSinceUtc!.Value, DateTimeKind.Utc);
        var to = DateTime.SpecifyKind(toUtc ?? time.GetUtcNow().UtcDateTime, DateTimeKind.Utc);
        var (championScores, challengerScores, outcomes, truncated) =
            await LoadPairsAsync(champion.Id, challenger.Id, from, to, settings.MaxComparisonPairs, cancellationToken);
        var result = ShadowComparison.Compare(championScores, challengerScores, outcomes, new ShadowComparisonOptions
        {
            ChampionThreshold = champion.DecisionThreshold, ChallengerThreshold = challenger.DecisionThreshold, MinimumLabelled = settings.MinimumLabelled,
        });
        var (labelledChampion, labelledChallenger, labels) = Labelled(championScores, challengerScores, outcomes);
        var championRealized = RealizedCalculator.Compute(labelledChampion, labels,
            new RealizedOptions { Threshold = champion.DecisionThreshold, MinimumLabelled = settings.MinimumLabelled });
        var challengerRealized = RealizedCalculator.Compute(labelledChallenger, labels,
            new RealizedOptions { Threshold = challenger.DecisionThreshold, MinimumLabelled = settings.MinimumLabelled });
        return new ChallengerComparison(champion.Id, champion.Label, challenger.Id, challenger.Label, champion.DecisionThreshold,
            challenger.DecisionThreshold, from, to, championScores.Length, truncated, queue.Dropped, queue.Lost, result,
            championRealized, challengerRealized, new PairedScoreBins(Bin(championScores), Bin(challengerScores)),
            ChallengerComparison.Decide(result.Outcomes));
    }

    /// <summary>The newest pairs in the window, at most <paramref name="max"/>: (champion, challenger, outcome −1/0/1).</summary>
    internal async Task<(double[] Champion, double[] Challenger, sbyte[] Outcomes, bool Truncated)> LoadPairsAsync(
        int championId, int challengerId, DateTime from, DateTime to, int max, CancellationToken cancellationToken)
    {
        var fromMs = new DateTimeOffset(from).ToUnixTimeMilliseconds();
        var toMs = new DateTimeOffset(to).ToUnixTimeMilliseconds();
        await using var db = dbFactory.CreateDbContext();
        var rows = await (
                from s in db.ShadowScores.AsNoTracking()
                where s.ChallengerVersionId == challengerId && s.TimestampMs >= fromMs && s.TimestampMs < toMs
                join p in db.Predictions.AsNoTracking() on (Guid?)s.Key equals p.ShadowKey
                where p.ModelVersionId == championId
                orderby s.TimestampMs descending
                select new { Champion = p.Score, Challenger = s.Score, p.ActualEngaged })
            .Take(max + 1)
            .ToListAsync(cancellationToken);
        var truncated = rows.Count > max;
        var n = Math.Min(rows.Count, max);
        var champion = new double[n];
        var challenger = new double[n];
        var outcomes = new sbyte[n];
        for (var i = 0; i < n; i++)
        {
            champion[i] = rows[i].Champion;
            challenger[i] = rows[i].Challenger;
            outcomes[i] = rows[i].ActualEngaged switch { 1 => 1, 0 => 0, _ => -1 };
        }
        return (champion, challenger, outcomes, truncated);
    }

    private static (double[] Champion, double[] Challenger, int[] Labels) Labelled(double[] champion, double[] challenger, sbyte[] outcomes)
    {
        var keep = outcomes.Count(o => o >= 0);
        var a = new double[keep];
        var b = new double[keep];
        var y = new int[keep];
        for (int i = 0, k = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] >= 0)
            {
                (a[k], b[k], y[k]) = (champion[i], challenger[i], outcomes[i]);
                k++;
            }
        }
        return (a, b, y);
    }

    // floor(score · bins), 1.0 in the last bin: the binning the store's histograms use.
    private static long[] Bin(double[] scores)
    {
        var counts = new long[Bins];
        foreach (var s in scores)
        {
            counts[Math.Clamp((int)Math.Floor(s * Bins), 0, Bins - 1)]++;
        }
        return counts;
    }
}
