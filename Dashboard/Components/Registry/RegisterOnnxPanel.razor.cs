using LeadScoring.Core.Models;
using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Registry;

public sealed partial class RegisterOnnxPanel
{
    private byte[]? _onnx;
    private string? _onnxName;
    private string? _encodingJson;
    private string? _encodingName;
    private string _name = "";
    private double _threshold = 0.5;
    private bool _busy;

    [Inject] public required ModelAdminCommands Commands { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IOptions<ModelImportOptions> ImportOptions { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    private async Task OnOnnxSelected(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        if (file.Size > ExternalModelImport.MaxOnnxBytes)
        {
            Snackbar.Add("The ONNX file is larger than 50 MB.", Severity.Error);
            return;
        }
        using var buffer = new MemoryStream();
        try
        {
            await using var stream = file.OpenReadStream(ExternalModelImport.MaxOnnxBytes);
            await stream.CopyToAsync(buffer);
        }
        catch (IOException)
        {
            // Over the limit after all, or the browser stopped sending: a message, never an unhandled error that ends the circuit.
            Snackbar.Add($"{file.Name} could not be read (over 50 MB, or the transfer stopped). Nothing was loaded.", Severity.Error);
            return;
        }
        _onnx = buffer.ToArray();
        _onnxName = file.Name;
        if (string.IsNullOrWhiteSpace(_name))
        {
            _name = Path.GetFileNameWithoutExtension(file.Name);
        }
    }

    private async Task OnEncodingSelected(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        var limit = ImportOptions.Value.MaxTargetEncodingBytes;
        var limitText = $"the {ImportOptions.Value.MaxTargetEncodingMegabytes} MB limit (ModelImport:MaxTargetEncodingMegabytes)";
        if (file.Size > limit)
        {
            Snackbar.Add($"{file.Name} is {file.Size / 1048576.0:0.#} MB, over {limitText}; the pipeline was not changed.", Severity.Error);
            return;
        }
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(limit));
            _encodingJson = await reader.ReadToEndAsync();
            _encodingName = file.Name;
        }
        catch (IOException)
        {
            // The size the browser reported was wrong, or the transfer stopped: a message, never a dead circuit.
            Snackbar.Add($"{file.Name} could not be read (over {limitText}, or the transfer stopped); the pipeline was not changed.", Severity.Error);
        }
    }

    private async Task RegisterAsync()
    {
        if (_onnx is null || _onnxName is null)
        {
            return;
        }
        _busy = true;
        try
        {
            var user = (await AuthenticationState!).User;
            var result = await Commands.RegisterOnnxAsync(user, new OnnxRegistration(_name, _onnxName, _onnx, _encodingJson, _threshold));
            if (!result.Allowed)
            {
                Snackbar.Add("Only admins can register models.", Severity.Error);
                return;
            }
            Snackbar.Add($"Registered {result.Value!.Label} as a candidate.", Severity.Success);
            _onnx = null;
            _onnxName = null;
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or System.Text.Json.JsonException)
        {
            Snackbar.Add("Not registered: " + ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
