using System.CommandLine;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Cli.Tests.Commands;

/// <summary><c>leadscoring alerts evaluate</c> on a real SQLite store with the dashboard's schema.</summary>
public sealed class AlertsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alerts-cli-").FullName;

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

    private SqliteLeadScoringDbContext Open() =>
        new(new DbContextOptionsBuilder<SqliteLeadScoringDbContext>().UseSqlite($"Data Source={StorePath}").Options);

    private async Task CreateStoreAsync(string? rulesJson = null)
    {
        await using var db = Open();
        await db.Database.MigrateAsync();
        if (rulesJson is not null)
        {
            db.AlertRuleSets.Add(new AlertRuleSetRecord { Id = 1, Json = rulesJson, UpdatedAtUtc = DateTime.UtcNow, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Evaluate_DefaultRulesOnAnEmptyStore_PrintsEveryRule_InsufficientDataSaysWhy_Exit0()
    {
        await CreateStoreAsync();

        var (exit, output, error) = Run("alerts", "evaluate", "--store", StorePath);

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("drift-share-yellow", output, StringComparison.Ordinal);
        Assert.Contains("insufficient data", output, StringComparison.Ordinal);
        Assert.Matches(@"queue-depth\s+inactive\s+value 0, sample 0", output);
        await using var db = Open();
        Assert.Equal(11, await db.AlertRuleStates.CountAsync()); // states stored for the next run
    }

    [Fact]
    public async Task Evaluate_FiringRule_Exit3_AndStoresTheAlert_DryRunStoresNothing()
    {
        await CreateStoreAsync("""
            {"version": 1, "rules": [{"name": "always", "signal": "queue_depth_share", "comparison": "greater_or_equal", "threshold": 0}]}
            """);

        var dry = Run("alerts", "evaluate", "--store", StorePath, "--dry-run");
        int afterDry;
        await using (var db = Open())
        {
            afterDry = await db.Alerts.CountAsync();
        }
        var real = Run("alerts", "evaluate", "--store", StorePath);

        Assert.Equal(3, dry.Exit);
        Assert.Contains("dry run", dry.Out, StringComparison.Ordinal);
        Assert.Matches(@"always\s+firing", dry.Out);
        Assert.Equal(0, afterDry);
        Assert.Equal(3, real.Exit);
        await using var check = Open();
        Assert.Equal("always", (await check.Alerts.SingleAsync()).RuleName);
    }

    [Fact]
    public void Evaluate_NoStore_Exit2_SaysWhere()
    {
        var (exit, _, error) = Run("alerts", "evaluate", "--store", Path.Combine(_directory, "missing.db"));

        Assert.Equal(2, exit);
        Assert.Contains("No store at", error, StringComparison.Ordinal);
    }
}
