using System.CommandLine;
using LeadScoring.Cli.Commands;

namespace LeadScoring.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    /// <summary>The root command with every sub-command; public so tests can invoke it in-process.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("LeadScoring command-line tool: features, drift and scoring for scheduled jobs.");
        // Each area adds its sub-command here, e.g. root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(Commands.ScoreCommand.Create());
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(GenerateDemoDataCommand.Create());
        root.Subcommands.Add(Commands.TrainCommand.Create());
        root.Subcommands.Add(Commands.DriftCommand.Create());
        return root;
    }
}
