using System.CommandLine;
using System.Globalization;
using LeadScoring.Core.Alerts;
using LeadScoring.Engine.Alerts;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring alerts evaluate [--store CONNECTION] [--dry-run]</c>: one evaluation of every alert rule over the
/// dashboard's store (for cron), the same service the dashboard runs. Prints each rule's status; exit 0, or
/// <see cref="FiringExitCode"/> when a rule is firing, 2 when the store cannot be used.
/// </summary>
public static class AlertsCommand
{
    /// <summary>Exit code when at least one rule is firing.</summary>
    public const int FiringExitCode = 3;

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("alerts", "Alert rules over the dashboard's store.");
        command.Subcommands.Add(CreateEvaluate());
        return command;
    }

    private static Command CreateEvaluate()
    {
        var store = new Option<string?>("--store")
        {
            Description = "Connection string or SQLite file of the store. Default: the one the dashboard is configured with.",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Evaluate and print, but store no state or alert and notify nobody." };
        var command = new Command("evaluate",
            $"Evaluate every alert rule once and print its status; exit {FiringExitCode} when something is firing.")
        {
            store, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (await DashboardStoreLocator.LocateExistingAsync(parse.GetValue(store), error) is not { } located)
            {
                return 2;
            }
            AlertEvaluationReport report;
            try
            {
                await using var alerts = StandaloneAlerts.Open(located.Options);
                report = await alerts.Evaluation.EvaluateAsync(force: true, dryRun: parse.GetValue(dryRun), cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await error.WriteLineAsync($"Could not evaluate the alerts on the store (from {located.Source}): {ex.GetBaseException().Message}");
                return 2;
            }
            await output.WriteLineAsync($"Store: {located.Source}{(parse.GetValue(dryRun) ? " (dry run: nothing stored)" : "")}");
            foreach (var rule in report.Rules)
            {
                await output.WriteLineAsync(Line(rule));
            }
            return report.AnyFiring ? FiringExitCode : 0;
        });
        return command;
    }

    private static string Line(AlertRuleOutcome outcome)
    {
        var state = outcome.State switch
        {
            AlertState.Firing => "firing",
            AlertState.Pending => "pending",
            AlertState.Inactive => "inactive",
            _ => "insufficient data",
        };
        var value = outcome.Evidence.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";
        var reason = outcome.Evidence.Reason is { } r ? $" ({r})" : "";
        var silenced = outcome.Silenced ? " [silenced]" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Rule.Name,-28} {state,-18} value {value}, sample {outcome.Evidence.Sample:N0}{silenced}{reason}");
    }
}
