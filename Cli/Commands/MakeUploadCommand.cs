using System.CommandLine;
using LeadScoring.Engine.DemoData;

namespace LeadScoring.Cli.Commands;

/// <summary><c>leadscoring make-upload --rows N --output file.csv [--data data]</c>: a large raw upload from the demo scenarios.</summary>
public static class MakeUploadCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Leads to write.", DefaultValueFactory = _ => 100_000 };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The CSV to write.", Required = true };
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "The demo data folder (with scenarios/).",
            DefaultValueFactory = _ => new DirectoryInfo("data"),
        };
        var command = new Command("make-upload", "Write a large raw CSV (the five demo scenarios cycled) for upload benchmarks and tests.")
        {
            rows, output, data,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output)!.FullName;
            LargeUpload.Write(parse.GetValue(data)!.FullName, parse.GetValue(rows), target);
            parse.InvocationConfiguration.Output.WriteLine($"{target}: {new FileInfo(target).Length / 1048576.0:F1} MB");
            return 0;
        });
        return command;
    }
}
