using LeadScoring.Engine.Scoring;

namespace LeadScoring.Engine.Tests.Scoring;

public sealed class ChampionHolderTests
{
    [Fact]
    public void TryAcquire_NoModel_ReturnsFalse()
    {
        using var holder = new ChampionHolder();

        Assert.False(holder.TryAcquire(out var lease));
        Assert.Null(lease);
        Assert.Throws<InvalidOperationException>(() => holder.Acquire());
    }

    [Fact]
    public void Swap_WhileLeaseHeld_DisposesOldScorerOnlyAfterLeaseEnds()
    {
        using var holder = new ChampionHolder();
        var first = new FakeScorer(0.25);
        var second = new FakeScorer(0.75);
        holder.Swap(Model("v1", first));

        var lease = holder.Acquire();
        holder.Swap(Model("v2", second));

        Assert.False(first.IsDisposed);
        Assert.Equal(0.25, lease.Model.Scorer.ScoreOne(new double[3]));
        Assert.Equal("v2", holder.Current!.VersionId);
        lease.Dispose();
        Assert.True(first.IsDisposed);
        lease.Dispose(); // idempotent: must not release twice
        Assert.False(second.IsDisposed);
        using (var next = holder.Acquire())
        {
            Assert.Equal(0.75, next.Model.Scorer.ScoreOne(new double[3]));
        }
        Assert.False(second.IsDisposed);
    }

    [Fact]
    public void Swap_NoLeases_DisposesOldScorerImmediately()
    {
        var holder = new ChampionHolder();
        var first = new FakeScorer(0.1);
        holder.Swap(Model("v1", first));

        holder.Swap(Model("v2", new FakeScorer(0.2)));
        Assert.True(first.IsDisposed);

        var current = holder.Current!.Scorer;
        holder.Dispose();
        Assert.True(((FakeScorer)current).IsDisposed);
        Assert.Null(holder.Current);
    }

    [Fact]
    public async Task Swap_UnderConcurrentScoring_NeverUsesADisposedScorerAndRetiresAll()
    {
        using var holder = new ChampionHolder();
        var scorers = new List<FakeScorer>();
        var initial = new FakeScorer(0);
        scorers.Add(initial);
        holder.Swap(Model("v0", initial));
        using var stop = new CancellationTokenSource();
        var calls = 0L;

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var row = new double[3];
            while (!stop.IsCancellationRequested)
            {
                using var lease = holder.Acquire();
                lease.Model.Scorer.ScoreOne(row); // FakeScorer throws if already disposed
                Interlocked.Increment(ref calls);
            }
        })).ToArray();
        for (var i = 1; i <= 200; i++)
        {
            var next = new FakeScorer(i);
            scorers.Add(next);
            // Let the workers make progress between swaps so leases really overlap them.
            var seen = Interlocked.Read(ref calls);
            SpinWait.SpinUntil(() => Interlocked.Read(ref calls) > seen + 10, TimeSpan.FromSeconds(5));
            holder.Swap(Model("v" + i, next));
        }
        stop.Cancel();
        await Task.WhenAll(workers);

        Assert.True(Interlocked.Read(ref calls) > 2000);
        Assert.All(scorers.Take(scorers.Count - 1), s => Assert.True(s.IsDisposed));
        Assert.False(scorers[^1].IsDisposed);
    }

    private static ScoringModel Model(string version, IScorer scorer) =>
        new(version, version, 0.5, ["a", "b", "c"], scorer);

    private sealed class FakeScorer(double value) : IScorer
    {
        private int _disposed;

        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        public int FeatureCount => 3;

        public TimeSpan Score(ReadOnlySpan<double> features, Span<double> probabilities)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            probabilities[..(features.Length / 3)].Fill(value);
            return TimeSpan.Zero;
        }

        public double ScoreOne(ReadOnlySpan<double> features)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return value;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                throw new InvalidOperationException("disposed twice");
            }
        }
    }
}
