using System.CommandLine;
using System.Globalization;
using LeadScoring.Core.Storage;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring seed --store PATH|CONNECTION [--provider sqlite|postgres] --predictions N --days D --current-hour M [--seed S]</c>:
/// fills a store with a large prediction history (<see cref="PredictionSeeder"/>) for load and page-time measurements.
/// </summary>
public static class SeedCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "SQLite file or connection string of the store (created and migrated if needed).", Required = true };
        var provider = new Option<string?>("--provider") { Description = "sqlite or postgres (default: from the connection string)." };
        provider.AcceptOnlyFromAmong("sqlite", "postgres");
        var predictions = new Option<long>("--predictions") { Description = "Predictions spread over the days before the current hour.", DefaultValueFactory = _ => 10_000_000 };
        var days = new Option<int>("--days") { Description = "Days of history.", DefaultValueFactory = _ => 30 };
        var currentHour = new Option<long>("--current-hour") { Description = "Predictions in the current (open) hour, up to now.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var command = new Command("seed",
            "Write a large prediction history into a store (a pool of scored leads cycled, bulk writer, large transactions; rollups left current).")
        {
            store, provider, predictions, days, currentHour, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var (count, span, open) = (parse.GetValue(predictions), parse.GetValue(days), parse.GetValue(currentHour));
            if (count < 0 || open < 0 || span < 1)
            {
                await error.WriteLineAsync("--predictions and --current-hour must be 0 or more, --days 1 or more.");
                return 2;
            }
            var located = DashboardStoreLocator.Locate(parse.GetValue(store), Environment.CurrentDirectory, Environment.GetEnvironmentVariable);
            if (parse.GetValue(provider) is { } chosen)
            {
                located.Options.Provider = chosen == "postgres" ? "Postgres" : "Sqlite";
            }
            var total = count + open;
            var progress = new InlineProgress(done => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {done:N0} / {total:N0} predictions ({100.0 * done / Math.Max(1, total):0}%)")));
            try
            {
                var result = await PredictionSeeder.SeedAsync(StandaloneStore.Open(located.Options),
                    new PredictionSeedOptions(count, span, open, parse.GetValue(seed)), TimeProvider.System, progress, cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Seeded {result.Written:N0} predictions (model version {result.ModelVersionId}) in {result.Elapsed.TotalSeconds:0.0} s; rollups current."));
                return 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await error.WriteLineAsync($"Could not seed the store (from {located.Source}): {ex.GetBaseException().Message}");
                return 2;
            }
        });
        return command;
    }

    // Reports on the writer's thread, so progress lines come before the summary.
    private sealed class InlineProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
