using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using System.CommandLine;

namespace LeadScoring.Cli.Tests.Commands;

/// <summary><c>leadscoring seed</c> on a new SQLite store.</summary>
public sealed class SeedCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("seed-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Seed_NewSqliteStore_WritesHistoryAndOpenHour_ShowsProgress()
    {
        var path = Path.Combine(_directory, "seeded.db");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = Program.BuildRootCommand()
            .Parse(["seed", "--store", path, "--provider", "sqlite", "--predictions", "2000", "--days", "3", "--current-hour", "500", "--seed", "9"])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal("", error.ToString());
        Assert.Equal(0, exit);
        Assert.Contains("2,500 / 2,500 predictions (100%)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Seeded 2,500 predictions", output.ToString(), StringComparison.Ordinal);
        await using var db = StandaloneStore.Open(new StorageOptions { ConnectionString = $"Data Source={path}" }).CreateDbContext();
        Assert.Equal(2_500, await db.Predictions.CountAsync());
        Assert.True(await db.PredictionRollupState.AnyAsync());
    }

    [Fact]
    public void Seed_NegativeCount_ExitsTwoWithAMessage()
    {
        var error = new StringWriter();
        var exit = Program.BuildRootCommand().Parse(["seed", "--store", Path.Combine(_directory, "x.db"), "--predictions", "-1"])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("--predictions", error.ToString(), StringComparison.Ordinal);
    }
}
