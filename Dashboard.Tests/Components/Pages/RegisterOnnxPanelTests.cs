using Bunit;
using LeadScoring.Core.Models;
using LeadScoring.Core.Tests.Models;
using LeadScoring.Dashboard.Components.Registry;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

/// <summary>The Models page's "register an external ONNX model" panel with files over its limits.</summary>
[Trait("Store", "both")]
public sealed class RegisterOnnxPanelTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly RegistryTestHost _host = new();

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddOptions();
        _context.Services.AddSingleton(new ModelAdminCommands(_host.Services.GetRequiredService<IServiceScopeFactory>(), _host.Registry,
            _host.Retrain, _host.Champion, _host.Services.GetRequiredService<IReferenceLeadSource>()));
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("admin1");
        auth.SetRoles(Roles.Admin);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public void TargetEncodingOverTheLimit_GivesAMessageNamingTheLimit_AndTheCircuitLives()
    {
        var panel = _context.Render<RegisterOnnxPanel>();
        var tooBig = new byte[11 * 1024 * 1024]; // the default limit is 10 MB
        tooBig.AsSpan().Fill((byte)' ');

        panel.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromBinary(tooBig, "target_encoding.json"));

        var snackbar = _context.Services.GetRequiredService<ISnackbar>();
        panel.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars,
            s => s.Message?.Contains("ModelImport:MaxTargetEncodingMegabytes", StringComparison.Ordinal) == true && s.Severity == Severity.Error));
        Assert.Contains("pipeline: the champion's", panel.Markup, StringComparison.Ordinal); // nothing was taken

        // Still alive: a small file afterwards is taken.
        panel.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromText("{}", "small.json"));
        panel.WaitForAssertion(() => Assert.Contains("original system (small.json)", panel.Markup, StringComparison.Ordinal));
    }
}
