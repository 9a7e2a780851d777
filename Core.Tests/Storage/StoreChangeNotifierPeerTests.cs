using LeadScoring.Core.Storage;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>Local changes go out to other instances; changes that came from them reach pages but are never sent back.</summary>
public sealed class StoreChangeNotifierPeerTests
{
    [Fact]
    public async Task LocalChange_IsRaisedForOwnChanges_NotForPeerChanges_AndBothReachSubscribers()
    {
        var notifier = new StoreChangeNotifier(TimeProvider.System);
        var relayed = new List<StoreChange>();
        var peers = new List<StoreChange>();
        var delivered = StoreChange.None;
        notifier.LocalChange += relayed.Add;
        notifier.PeerChange += peers.Add;
        using var page = notifier.Subscribe(StoreChange.Predictions | StoreChange.Models, c => { delivered |= c; return Task.CompletedTask; });

        notifier.Notify(StoreChange.Predictions);
        notifier.NotifyFromPeer(StoreChange.Models);
        await Task.Delay(StoreChangeNotifier.MinimumInterval * 3);

        Assert.Equal([StoreChange.Predictions], relayed);
        Assert.Equal([StoreChange.Models], peers);
        Assert.Equal(StoreChange.Predictions | StoreChange.Models, delivered);
    }
}
