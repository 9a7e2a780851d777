namespace LeadScoring.Engine.Tests.Infrastructure;

public sealed class TestPathsTests
{
    [Fact]
    public void SharedData_WhenRequired_IsPresent()
    {
        // CI sets LEADSCORING_REQUIRE_SHARED=1: the parity fixtures must be there, not silently skipped.
        Assert.True(!TestPaths.SharedRequired || TestPaths.SharedAvailable, $"../shared is required but missing at {TestPaths.SharedDirectory}");
    }
}
