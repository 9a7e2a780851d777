using System.CommandLine;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Cli.Commands;

/// <summary><c>leadscoring schema</c>: prints the raw lead schema (the one definition every reader and validator uses) as Markdown.</summary>
public static class SchemaCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("schema", "Print the raw lead schema (columns, types, allowed values) as a Markdown table.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(RawSchema.Leads.ToMarkdownTable());
            return 0;
        });
        return command;
    }
}
