using System.Text;
using System.Text.Json;
using LeadScoring.Core.Models;
using LeadScoring.Core.Shadow;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Shadow;

/// <summary>The real app (v1 trained at start) with a second version, a copy of v1 with threshold 0.3, to shadow.</summary>
public class ShadowAppFactory : DashboardAppFactory
{
    public ShadowAppFactory()
    {
        Settings["Security:BootstrapApiKey"] = BootstrapKeyAppFactory.BootstrapKey;
    }

    public const double ChallengerThreshold = 0.3;

    private int? _candidateId;

    public ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();
    public ShadowQueue Queue => Services.GetRequiredService<ShadowQueue>();

    /// <summary>Registers the copy once and returns its id.</summary>
    public async Task<int> CandidateAsync()
    {
        if (_candidateId is { } id)
        {
            return id;
        }
        var champion = await Registry.ChampionAsync() ?? throw new InvalidOperationException("v1 was not trained at start");
        await using var db = Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var record = await db.ModelVersions.AsNoTracking().SingleAsync(m => m.Id == champion.Id);
        var columns = JsonSerializer.Deserialize<string[]>(record.FeatureColumnsJson)!;
        var candidate = await Registry.RegisterAsync(new NewModelVersion("shadow copy", "trained", record.OnnxModel, record.PipelineStateJson,
            columns, ChallengerThreshold, record.MetricsJson, null, null, null), "test");
        _candidateId = candidate.Id;
        return candidate.Id;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Leads(string tag, int count) =>
        $$"""{"leads": [{{string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"lead_id": "{{tag}}-{{i}}", "llm_quality": {{i * 37 % 101}}, "llm_engagement": {{i % 10 / 10.0}}}"""))}}]}""";

    /// <summary>Waits (up to 10 s) until <paramref name="done"/> holds.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 200 && !await done(); i++)
        {
            await Task.Delay(50);
        }
    }

    public LeadScoringDbContext Db() => Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
}

/// <summary>A shadow queue of 3 rows: a 5-lead batch never fits.</summary>
public sealed class TinyShadowQueueAppFactory : ShadowAppFactory
{
    public TinyShadowQueueAppFactory()
    {
        Settings["Shadow:QueueRows"] = "3";
    }
}
