using LeadScoring.Dashboard.Security;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Tests.Security;

public sealed class SignInThrottleTests
{
    private readonly ShiftedTimeProvider _time = new();

    private SignInThrottle Throttle(SecurityOptions? options = null) => new(Options.Create(options ?? new SecurityOptions()), _time);

    [Fact]
    public void Failures_AfterTheFreeOnes_WaitDoublesUpToTheCap()
    {
        var throttle = Throttle(new SecurityOptions { FailuresBeforeDelay = 3, FailureDelaySeconds = 2, MaxFailureDelaySeconds = 20 });
        var key = SignInThrottle.Key("Admin", "203.0.113.1");
        var waits = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            throttle.RecordFailure(key, "stamp");
            waits.Add(Math.Round(throttle.WaitLeft(key, "stamp").TotalSeconds));
        }

        Assert.Equal([0, 0, 2, 4, 8, 16, 20], waits);
    }

    [Fact]
    public void Wait_IsPerAccountAndAddress_AndEndsWithTime()
    {
        var throttle = Throttle(new SecurityOptions { FailuresBeforeDelay = 1, FailureDelaySeconds = 30 });
        throttle.RecordFailure(SignInThrottle.Key("admin", "203.0.113.1"), "stamp");

        Assert.True(throttle.WaitLeft(SignInThrottle.Key(" ADMIN ", "203.0.113.1"), "stamp") > TimeSpan.FromSeconds(29)); // same account, normalized
        Assert.Equal(TimeSpan.Zero, throttle.WaitLeft(SignInThrottle.Key("admin", "198.51.100.2"), "stamp")); // the owner elsewhere
        Assert.Equal(TimeSpan.Zero, throttle.WaitLeft(SignInThrottle.Key("other", "203.0.113.1"), null)); // another account
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(TimeSpan.Zero, throttle.WaitLeft(SignInThrottle.Key("admin", "203.0.113.1"), "stamp"));
    }

    [Fact]
    public void Wait_IsForgotten_WhenTheAccountsStampChanges()
    {
        var throttle = Throttle(new SecurityOptions { FailuresBeforeDelay = 1, FailureDelaySeconds = 300 });
        var key = SignInThrottle.Key("admin", "203.0.113.1");
        throttle.RecordFailure(key, "before-reset");

        Assert.Equal(TimeSpan.Zero, throttle.WaitLeft(key, "after-reset"));
    }

    [Fact]
    public void TrackedPairs_AreBounded_OldestForgottenFirst()
    {
        var throttle = Throttle(new SecurityOptions { FailuresBeforeDelay = 1, FailureDelaySeconds = 300, MaxTrackedSignInPairs = 10 });
        for (var i = 0; i < 25; i++)
        {
            throttle.RecordFailure(SignInThrottle.Key("user" + i, "203.0.113.1"), null);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(TimeSpan.Zero, throttle.WaitLeft(SignInThrottle.Key("user0", "203.0.113.1"), null));
        Assert.True(throttle.WaitLeft(SignInThrottle.Key("user24", "203.0.113.1"), null) > TimeSpan.Zero);
    }
}
