using System.CommandLine;
using LeadScoring.Cli.Commands;
using LeadScoring.Core.Accounts;
using LeadScoring.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Cli.Tests.Commands;

/// <summary><c>leadscoring admin reset-password</c> on a real SQLite store with the dashboard's schema.</summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("admin-cli-").FullName;

    private string StorePath => Path.Combine(_directory, "leadscoring.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.BuildRootCommand().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ResetPassword_LockedAdmin_PrintsAOneTimePassword_UnlocksAuditsAndRequiresAChange()
    {
        var before = await CreateStoreWithUserAsync("admin", lockedUntil: DateTimeOffset.MaxValue);

        var (exit, output, error) = Run("admin", "reset-password", "--user", "Admin", "--store", StorePath);

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        var password = output.Split('\n').Single(l => l.StartsWith("One-time password", StringComparison.Ordinal)).Split(": ")[1].Trim();
        await using var db = Open();
        var user = await db.Users.SingleAsync();
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<IdentityUser>().VerifyHashedPassword(user, user.PasswordHash!, password));
        Assert.Null(user.LockoutEnd);
        Assert.Equal(0, user.AccessFailedCount);
        Assert.NotEqual(before.SecurityStamp, user.SecurityStamp); // open sessions end
        Assert.True(await db.UserClaims.AnyAsync(c => c.UserId == user.Id && c.ClaimType == AccountClaims.MustChangePassword));
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal(("reset password (server)", "admin", true), (audit.Action, audit.Target, audit.Succeeded));
        Assert.StartsWith("server: ", audit.UserName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_UnknownUser_ExitsOneAndChangesNothing()
    {
        var before = await CreateStoreWithUserAsync("admin", lockedUntil: null);

        var (exit, output, error) = Run("admin", "reset-password", "--user", "nobody", "--store", StorePath);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("No user named 'nobody'", error, StringComparison.Ordinal);
        await using var db = Open();
        Assert.Equal(before.PasswordHash, (await db.Users.SingleAsync()).PasswordHash);
        Assert.False(await db.AuditLog.AnyAsync());
    }

    [Fact]
    public void ResetPassword_NoStoreThere_ExitsTwoAndCreatesNone()
    {
        var (exit, _, error) = Run("admin", "reset-password", "--user", "admin", "--store", StorePath);

        Assert.Equal(2, exit);
        Assert.Contains("No store at", error, StringComparison.Ordinal);
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public void Locate_FromTheRepositoryRoot_FindsTheStoreTheDashboardIsConfiguredWith()
    {
        var dashboard = Directory.CreateDirectory(Path.Combine(_directory, "Dashboard")).FullName;
        File.WriteAllText(Path.Combine(dashboard, "appsettings.json"),
            """{ "Logging": {}, "Storage": { "Provider": "Sqlite", "ConnectionString": "Data Source=App_Data/configured.db" } }""");
        File.WriteAllText(Path.Combine(dashboard, "appsettings.Staging.json"),
            """{ "Storage": { "ConnectionString": "Data Source=App_Data/staging.db" } }""");

        var plain = DashboardStoreLocator.Locate(null, _directory, _ => null);
        var staging = DashboardStoreLocator.Locate(null, _directory, name => name == "ASPNETCORE_ENVIRONMENT" ? "Staging" : null);
        var postgres = DashboardStoreLocator.Locate(null, _directory, name => name switch
        {
            "Storage__Provider" => "Postgres",
            "Storage__ConnectionString" => "Host=db;Database=leads",
            _ => null,
        });

        Assert.Equal(Path.Combine(dashboard, "App_Data", "configured.db"), DashboardStoreLocator.SqliteFile(plain.Options));
        Assert.Equal(Path.Combine(dashboard, "App_Data", "staging.db"), DashboardStoreLocator.SqliteFile(staging.Options));
        Assert.True(postgres.Options.IsPostgres);
        Assert.Equal("Host=db;Database=leads", postgres.Options.ConnectionString);
    }

    [Fact]
    public void Locate_WithoutConfigurationOrStore_SaysWhatToDo()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DashboardStoreLocator.Locate(null, _directory, _ => null));

        Assert.Contains("--store", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=leads", true)]
    [InlineData("Data Source=x.db", false)]
    [InlineData("x.db", false)]
    public void Locate_StoreArgument_ChoosesTheProvider(string store, bool postgres)
    {
        Assert.Equal(postgres, DashboardStoreLocator.Locate(store, _directory, _ => null).Options.IsPostgres);
    }

    private SqliteLeadScoringDbContext Open() =>
        new(new DbContextOptionsBuilder<SqliteLeadScoringDbContext>().UseSqlite($"Data Source={StorePath}").Options);

    private async Task<IdentityUser> CreateStoreWithUserAsync(string name, DateTimeOffset? lockedUntil)
    {
        await using var db = Open();
        await db.Database.MigrateAsync();
        var user = new IdentityUser(name)
        {
            NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = "stamp-before", LockoutEnabled = true, LockoutEnd = lockedUntil,
            AccessFailedCount = 7,
        };
        user.PasswordHash = new PasswordHasher<IdentityUser>().HashPassword(user, "the-forgotten-password");
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }
}
