using System.CommandLine;
using LeadScoring.Cli.Commands;

namespace LeadScoring.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    /// <summary>The root command with every sub-command; public so tests can invoke it in-process.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("LeadScoring command-line tool: features, scoring, training, drift, estimated performance and explanations on files, for scheduled jobs (no database needed); `replay` sends leads to a running service; `admin` and `alerts` work on the dashboard's store.");
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(GenerateDemoDataCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        root.Subcommands.Add(PerformanceCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(MakeUploadCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(AdminCommand.Create());
        root.Subcommands.Add(AlertsCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        return root;
    }
}
