using System.Diagnostics;
using System.Text.Json;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>
/// The served OpenAPI document under Redocly CLI's recommended rules (pinned in scripts/openapi-lint): 0 errors. Needs
/// Node.js and npm; skipped without them unless LEADSCORING_REQUIRE_LINT=1 (CI).
/// </summary>
public sealed class OpenApiLintTests(DashboardAppFactory factory) : IClassFixture<DashboardAppFactory>
{
    private static readonly string s_toolDirectory = Path.Combine(TestPaths.RepositoryRoot, "scripts", "openapi-lint");

    [Fact]
    public async Task Document_DeclaresTheKeyScheme_OnEveryOperationThatNeedsIt_AndLeavesOutAccountPaths()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        var paths = root.GetProperty("paths");

        Assert.Equal("X-API-Key", scheme.GetProperty("name").GetString());
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/Account", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, paths.GetProperty("/api/drift").GetProperty("post").GetProperty("security").GetArrayLength());
        Assert.Equal(1, paths.GetProperty("/api/batches").GetProperty("post").GetProperty("security").GetArrayLength());
        Assert.Equal(0, paths.GetProperty("/predict").GetProperty("post").GetProperty("security").GetArrayLength()); // anonymous by default
        Assert.All(root.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
    }

    [Fact]
    public async Task Document_PassesRedoclyRecommendedRules_WithNoError()
    {
        var npm = FindOnPath("npm");
        if (npm is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("LEADSCORING_REQUIRE_LINT") != "1", "npm is required (LEADSCORING_REQUIRE_LINT=1)");
            return;
        }
        var file = Path.Combine(Path.GetTempPath(), $"leadscoring-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        try
        {
            if (!File.Exists(Path.Combine(s_toolDirectory, "node_modules", ".bin", "redocly")))
            {
                var install = await RunAsync(npm, "ci --no-audit --no-fund");
                Assert.True(install.ExitCode == 0, "npm ci failed: " + install.Output);
            }
            var lint = await RunAsync(Path.Combine(s_toolDirectory, "node_modules", ".bin", "redocly"), $"lint \"{file}\" --format=summary");

            Assert.True(lint.ExitCode == 0, lint.Output);
            Assert.DoesNotContain("error ", lint.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = s_toolDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
