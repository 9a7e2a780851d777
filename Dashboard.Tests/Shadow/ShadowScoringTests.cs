using System.Net;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Dashboard.Tests.Shadow;

/// <summary>The request path offers rows to the challenger; the worker stores its scores linked to the right predictions.</summary>
[Trait("Store", "both")]
public sealed class ShadowScoringTests(ShadowAppFactory app) : IClassFixture<ShadowAppFactory>
{
    [Fact]
    public async Task PredictAndBatch_WithChallenger_ScoresStoredBesideTheRightPredictions_NeverReturned()
    {
        var candidate = await app.CandidateAsync();
        await app.Registry.MarkChallengerAsync(candidate);
        var tag = "sh" + Guid.NewGuid().ToString("N")[..8];
        var client = app.CreateClient();

        var one = await client.PostAsync("/predict", ShadowAppFactory.Json($$"""{"lead_id": "{{tag}}-one", "llm_quality": 80}"""));
        var batch = await client.PostAsync("/predict/batch", ShadowAppFactory.Json(ShadowAppFactory.Leads(tag, 7)));

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.DoesNotContain("challenger", await one.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("v2", await batch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        List<(PredictionRecord Prediction, ShadowScoreRecord? Shadow)> pairs = [];
        await ShadowAppFactory.WaitForAsync(async () =>
        {
            await using var db = app.Db();
            var predictions = await db.Predictions.AsNoTracking().Where(p => p.LeadId!.StartsWith(tag)).ToListAsync();
            var keys = predictions.Where(p => p.ShadowKey != null).Select(p => p.ShadowKey!.Value).ToList();
            var shadows = await db.ShadowScores.AsNoTracking().Where(s => keys.Contains(s.Key)).ToListAsync();
            pairs = [.. predictions.Select(p => (p, shadows.FirstOrDefault(s => s.Key == p.ShadowKey)))];
            return pairs.Count == 8 && pairs.All(x => x.Shadow is not null);
        });

        Assert.Equal(8, pairs.Count);
        Assert.All(pairs, pair =>
        {
            Assert.NotNull(pair.Shadow);
            Assert.Equal(candidate, pair.Shadow!.ChallengerVersionId);
            // The copy runs the same ONNX on the same lead: the same score proves the link points at its own lead.
            Assert.Equal(pair.Prediction.Score, pair.Shadow.Score, 12);
            Assert.Equal(pair.Shadow.Score >= ShadowAppFactory.ChallengerThreshold, pair.Shadow.PredictedEngaged);
            Assert.Equal(pair.Prediction.TimestampMs, pair.Shadow.TimestampMs);
        });
        Assert.Equal(8, pairs.Select(p => p.Shadow!.Key).Distinct().Count());
    }

    [Fact]
    public void Worker_RunsOnItsOwnThreadAtTheLowestCpuPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // nice values and /proc are Linux's; elsewhere the worker sets ThreadPriority.Lowest
        }
        _ = app.Services; // the host (and its worker) is running

        // Linux names a thread by its first 15 characters; field 19 of /proc/<pid>/task/<tid>/stat is its nice value.
        var workers = Directory.GetDirectories("/proc/self/task").Select(ReadThread)
            .Where(thread => thread?.Name == "Shadow challeng").Select(thread => thread!.Value.Nice).ToList();

        Assert.NotEmpty(workers);
        Assert.All(workers, nice => Assert.Equal(19, nice));
    }

    // A thread may end between listing and reading: then it is not one of ours and is skipped.
    private static (string Name, int Nice)? ReadThread(string task)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var nice = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
            return (File.ReadAllText(Path.Combine(task, "comm")).Trim(), nice);
        }
        catch (IOException)
        {
            return null;
        }
    }

    [Fact]
    public async Task NoChallenger_NothingQueued_PredictionsCarryNoKey()
    {
        await app.Registry.ClearChallengerAsync();
        var accepted = app.Queue.Accepted;
        var tag = "ns" + Guid.NewGuid().ToString("N")[..8];

        var response = await app.CreateClient().PostAsync("/predict/batch", ShadowAppFactory.Json(ShadowAppFactory.Leads(tag, 4)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        List<PredictionRecord> stored = [];
        await ShadowAppFactory.WaitForAsync(async () =>
        {
            await using var db = app.Db();
            stored = await db.Predictions.AsNoTracking().Where(p => p.LeadId!.StartsWith(tag)).ToListAsync();
            return stored.Count == 4;
        });
        Assert.Equal(4, stored.Count);
        Assert.All(stored, p => Assert.Null(p.ShadowKey));
        Assert.Equal(accepted, app.Queue.Accepted);
    }

    [Fact]
    public async Task PromotingTheChallenger_ClearsTheMark_AndStopsShadowing()
    {
        var candidate = await app.CandidateAsync();
        await app.Registry.MarkChallengerAsync(candidate);
        Assert.True(app.Queue.IsActive);
        var champion = (await app.Registry.ChampionAsync())!.Id;

        await app.Registry.PromoteAsync(candidate);

        Assert.False(app.Queue.IsActive);
        Assert.DoesNotContain(await app.Registry.ListAsync(), v => v.IsChallenger);
        await app.Registry.PromoteAsync(champion); // back as it was for the other tests
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Registry.MarkChallengerAsync(champion));
    }
}

/// <summary>A full shadow queue drops rows and counts them; the client still gets its answer.</summary>
[Trait("Store", "both")]
public sealed class ShadowQueueFullTests(TinyShadowQueueAppFactory app) : IClassFixture<TinyShadowQueueAppFactory>
{
    [Fact]
    public async Task QueueFull_RowsDroppedAndCounted_RequestsStill200_AndMetricsShowIt()
    {
        await app.Registry.MarkChallengerAsync(await app.CandidateAsync());
        var dropped = app.Queue.Dropped;
        var client = app.CreateClient();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            responses.Add(await client.PostAsync("/predict/batch", ShadowAppFactory.Json(ShadowAppFactory.Leads("full" + i, 5))));
        }

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(dropped + 15, app.Queue.Dropped);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("leadscoring_shadow_dropped", metrics, StringComparison.Ordinal);
    }
}
