using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Tests.Domain;

public sealed class TimeWindowTests
{
    [Fact]
    public void OpenEndedWindow_HasTheLongestLength_AndPrints()
    {
        // The record's printed form reads Length: it threw for "all time" and took a failing test's message with it.
        Assert.Equal(TimeSpan.MaxValue, TimeWindow.All.Length);
        Assert.Contains("ToMs = 9223372036854775807", TimeWindow.All.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(2), new TimeWindow(1_000, 1_000 + 7_200_000).Length);
    }
}
