using System.CommandLine;
using LeadScoring.Core.Accounts;
using LeadScoring.Core.Storage;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring admin reset-password --user NAME [--store CONNECTION]</c>: recovery on the server when no admin can
/// sign in (locked, disabled or forgotten): a one-time password is printed, the account is unlocked, an audit record
/// is written. Works with the dashboard stopped or running; whoever can run it can already read the store.
/// </summary>
public static class AdminCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("admin", "Server-side account recovery on the dashboard's store.");
        command.Subcommands.Add(CreateResetPassword());
        return command;
    }

    private static Command CreateResetPassword()
    {
        var user = new Option<string>("--user", "-u") { Description = "The user name.", Required = true };
        var store = new Option<string?>("--store")
        {
            Description = "Connection string or SQLite file of the store. Default: the one the dashboard is configured with " +
                "(Dashboard/appsettings.json from the repository root, or appsettings.json in the current folder, plus Storage__* variables).",
        };
        var command = new Command("reset-password",
            "Give a user a new one-time password (printed once; must be changed at the next sign-in), lift its lockout, and audit it.")
        {
            user, store,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (await DashboardStoreLocator.LocateExistingAsync(parse.GetValue(store), error) is not { } located)
            {
                return 2;
            }
            var name = parse.GetValue(user)!;
            string? password;
            try
            {
                var recovery = new AccountRecovery(StandaloneStore.Open(located.Options), TimeProvider.System);
                password = await recovery.ResetPasswordAsync(name, $"server: {Environment.UserName}@{Environment.MachineName}", cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await error.WriteLineAsync($"Could not update the store (from {located.Source}): {ex.GetBaseException().Message}");
                return 2;
            }
            if (password is null)
            {
                await error.WriteLineAsync($"No user named '{name}' in the store (from {located.Source}).");
                return 1;
            }
            await output.WriteLineAsync($"Store: {located.Source}");
            await output.WriteLineAsync($"User '{name}' is unlocked; open sessions end within a minute. The password must be changed at the next sign-in.");
            await output.WriteLineAsync($"One-time password (shown once): {password}");
            return 0;
        });
        return command;
    }
}
