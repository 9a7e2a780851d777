using Microsoft.AspNetCore.Hosting;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real dashboard on a throwaway SQLite file, or a throwaway PostgreSQL database when the run says
/// <c>LEADSCORING_TEST_PROVIDER=postgres</c> (<see cref="TestDatabase"/>). With <see cref="UseRealServer"/> it listens on a loopback port
/// (real Kestrel) so a browser can reach it; otherwise tests use the in-memory test server.
/// </summary>
public class DashboardAppFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "leadscoring-tests", Guid.NewGuid().ToString("N"));
    private readonly TestDatabase? _postgres = TestDatabase.UsePostgres ? new TestDatabase("leadscoring-app") : null;

    public DashboardAppFactory()
    {
        Directory.CreateDirectory(_directory);
    }

    public const string AdminUser = "admin";
    public const string AdminPassword = "test-admin-password-7f3k";

    /// <summary>The SQLite store's file (SQLite runs only: tests that touch the file carry the SqliteOnly trait).</summary>
    public string DatabasePath => Path.Combine(_directory, "leadscoring.db");

    /// <summary>The store's provider and connection string, as the app is given them.</summary>
    public StorageOptions Storage => _postgres?.Options ?? new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={DatabasePath}" };

    /// <summary>Extra configuration (key → value) applied over appsettings.json.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    public void UseRealServer() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the framework serves only published assets; tests run from the build output, so
        // map the build's static web assets (blazor.web.js, MudBlazor's _content) as `dotnet run` does.
        builder.UseStaticWebAssets();
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every test signs in from the same loopback "client"; the rate-limit test sets its own low limit.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "1000");
        builder.UseSetting("Security:InitialAdminUser", AdminUser);
        builder.UseSetting("Security:InitialAdminPassword", AdminPassword);
        // Version 1 is trained from data/ at first start; demo batches only where a test asks for them (speed).
        builder.UseSetting("DemoData:SeedBatches", "false");
        builder.UseSetting("DemoData:SeedOutcomes", "false");
        // Tests seed rows at fixed past dates; a purge a minute into a long-lived fixture would delete them (RetentionHealthTests runs it explicitly).
        builder.UseSetting("Retention:Enabled", "false");
        // Alert tests call the evaluation service themselves; a background evaluation would race their fixed times.
        builder.UseSetting("Alerts:Enabled", "false");
        builder.UseSetting("Storage:Provider", Storage.Provider);
        builder.UseSetting("Storage:ConnectionString", Storage.ConnectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _postgres?.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a background writer: the OS temp cleaner gets it.
            }
        }
    }
}
