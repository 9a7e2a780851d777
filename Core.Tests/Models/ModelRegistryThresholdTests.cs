using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
namespace LeadScoring.Core.Tests.Models;

[Trait("Store", "both")]
public sealed class ModelRegistryThresholdTests : IAsyncLifetime
{
    private readonly RegistryTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SetThreshold_OfChampion_PersistsAndReachesTheLiveModelWithoutRestart()
    {
        var champion = await _host.SeedChampionAsync();
        var before = _host.Champion.Current!;
        Assert.NotEqual(0.3, before.Threshold);

        var updated = await _host.Registry.SetThresholdAsync(champion.Id, 0.3);

        Assert.Equal(0.3, updated.DecisionThreshold);
        Assert.Equal(0.3, await StoredThresholdAsync(champion.Id));
        var live = _host.Champion.Current!;
        Assert.Equal(0.3, live.Threshold);
        Assert.Equal(champion.Id, live.RegistryId);
        Assert.NotSame(before, live);
        Assert.NotSame(before.Scorer, live.Scorer); // a fresh session: the retired one is disposed by the holder
        using var lease = _host.Champion.Acquire();
        Assert.Equal(0.3, lease.Model.Threshold);
    }

    [Fact]
    public async Task SetThreshold_OfCandidate_PersistsAndLeavesTheLiveModelAlone()
    {
        await _host.SeedChampionAsync();
        var live = _host.Champion.Current!;
        var candidate = await _host.RegisterBuiltAsync("candidate", seed: 7);

        await _host.Registry.SetThresholdAsync(candidate.Id, 0.7);

        Assert.Equal(0.7, await StoredThresholdAsync(candidate.Id));
        Assert.Same(live, _host.Champion.Current);
        Assert.Equal(ModelStatus.Candidate, (await _host.Registry.ListAsync()).Single(v => v.Id == candidate.Id).Status);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task SetThreshold_OutsideOpenUnitInterval_IsRefusedAndChangesNothing(double threshold)
    {
        var champion = await _host.SeedChampionAsync();
        var live = _host.Champion.Current!;
        var stored = await StoredThresholdAsync(champion.Id);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _host.Registry.SetThresholdAsync(champion.Id, threshold));

        Assert.Equal(stored, await StoredThresholdAsync(champion.Id));
        Assert.Same(live, _host.Champion.Current);
    }

    [Fact]
    public async Task SetThreshold_UnknownVersion_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _host.Registry.SetThresholdAsync(4242, 0.4));
    }

    private async Task<double> StoredThresholdAsync(int id)
    {
        await using var db = _host.Db.CreateDbContext();
        return await db.ModelVersions.AsNoTracking().Where(m => m.Id == id).Select(m => m.DecisionThreshold).SingleAsync();
    }
}
