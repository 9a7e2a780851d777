using System.CommandLine;
using LeadScoring.Engine.DemoData;

namespace LeadScoring.Cli.Commands;

/// <summary><c>leadscoring generate-demo-data [--output data] [--seed n]</c>: writes the deterministic demo data set.</summary>
public static class GenerateDemoDataCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder to write into (created if needed).",
            DefaultValueFactory = _ => new DirectoryInfo("data"),
        };
        var seed = new Option<ulong?>("--seed") { Description = "Seed (default: the committed data set's)." };
        var command = new Command("generate-demo-data", "Write the synthetic reference set, drift scenarios and fitted pipeline state.")
        {
            output, seed,
        };
        command.SetAction(parse =>
        {
            var options = new DemoDataOptions();
            if (parse.GetValue(seed) is ulong s)
            {
                options = options with { Seed = s };
            }
            var directory = parse.GetValue(output)!.FullName;
            foreach (var file in DemoDataGenerator.WriteAll(directory, options))
            {
                parse.InvocationConfiguration.Output.WriteLine(Path.Combine(directory, file));
            }
            return 0;
        });
        return command;
    }
}
