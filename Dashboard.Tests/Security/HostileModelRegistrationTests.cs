using LeadScoring.Dashboard.Services;
using LeadScoring.Engine.Tests.Scoring;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// Hostile ONNX files (scripts/fixtures/make_hostile_models.py) registered by an admin through the Models page's
/// command: refused with a message naming what, nothing registered, the attempt audited as failed, the app still
/// serving; the genuine champion file still registers afterwards.
/// </summary>
public sealed class HostileModelRegistrationTests(ModelAdminAppFixture fixture) : IClassFixture<ModelAdminAppFixture>
{
    [Theory]
    [MemberData(nameof(OnnxModelInspectorTests.HostileModels), MemberType = typeof(OnnxModelInspectorTests))]
    public async Task Register_HostileModel_IsRefusedNamingWhat_NothingRegistered(string file, string expected)
    {
        var admin = fixture.Principal("admin");
        var before = await fixture.SnapshotAsync();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => fixture.Commands.RegisterOnnxAsync(admin,
            new OnnxRegistration("hostile", file, OnnxModelInspectorTests.FixtureBytes(file), null, 0.5)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.SnapshotAsync());
        var audit = await fixture.LastAuditAsync();
        Assert.Equal(("model.register", false, file), (audit.Action, audit.Succeeded, audit.Target));
        using var client = fixture.App.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Register_GenuineModel_StillRegisters()
    {
        var registered = await fixture.Commands.RegisterOnnxAsync(fixture.Principal("admin"),
            new OnnxRegistration("genuine", "genuine.onnx", fixture.ChampionOnnx, null, 0.5));

        Assert.True(registered.Allowed);
        Assert.Equal("imported", registered.Value!.Origin);
    }
}
