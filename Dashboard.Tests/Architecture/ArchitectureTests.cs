using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace LeadScoring.Dashboard.Tests.Architecture;

/// <summary>
/// The arrows of the house (README "Architecture"), read from the compiled assemblies: projects reference only the
/// projects below them, and inside Engine, Core and Dashboard each room (folder = namespace) uses only rooms listed
/// before it, so no arrow points up and no two rooms depend on each other.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly s_engine = typeof(Engine.Domain.RawSchema).Assembly;
    private static readonly Assembly s_core = typeof(Core.Storage.LeadScoringDbContext).Assembly;
    private static readonly Assembly s_dashboard = typeof(Dashboard.Api.ApiAuthentication).Assembly;
    private static readonly Assembly s_cli = typeof(Cli.Program).Assembly;

    /// <summary>Engine rooms, lowest first.</summary>
    public static readonly string[] EngineRooms =
        ["Domain", "Reporting", "Statistics", "Features", "Ingestion", "Scoring", "Drift", "Performance", "Training", "Explanations", "DemoData", "Alerts"];

    /// <summary>Core rooms, lowest first.</summary>
    public static readonly string[] CoreRooms = ["Diagnostics", "Storage", "Accounts", "Models", "Shadow", "Predictions", "Outcomes", "Performance", "Explanations", "Batches", "DriftRuns", "Monitoring", "Alerts", "Promotions"];

    /// <summary>Dashboard rooms, lowest first (Components holds the pages; Extensions composes the host).</summary>
    public static readonly string[] DashboardRooms = ["Model", "Security", "Services", "Api", "Components", "Extensions"];

    [Fact]
    public void Engine_ReferencesNoStoreWebOrUpperProject()
    {
        AssertNoReference(s_engine, "LeadScoring.Core", "LeadScoring.Dashboard", "LeadScoring.Cli", "Microsoft.EntityFrameworkCore",
            "Microsoft.AspNetCore", "Npgsql");
    }

    [Fact]
    public void Core_ReferencesNoDashboardOrCli()
    {
        AssertNoReference(s_core, "LeadScoring.Dashboard", "LeadScoring.Cli");
    }

    [Fact]
    public void Cli_DependsOnTheEngineAndCoreAlone()
    {
        // Core only for the server's admin commands (account recovery); the store is reached through Core's API.
        AssertNoReference(s_cli, "LeadScoring.Dashboard", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore");
    }

    [Fact]
    public void Engine_RoomsPointDownOnly() => AssertLayered(s_engine, "LeadScoring.Engine", EngineRooms);

    [Fact]
    public void Core_RoomsPointDownOnly() => AssertLayered(s_core, "LeadScoring.Core", CoreRooms);

    [Fact]
    public void Dashboard_RoomsPointDownOnly() => AssertLayered(s_dashboard, "LeadScoring.Dashboard", DashboardRooms);

    [Fact]
    public void Dashboard_ApiAndComponents_NeverTouchTheDbContext()
    {
        var result = Types.InAssembly(s_dashboard).That().ResideInNamespaceMatching(@"^LeadScoring\.Dashboard\.(Api|Components|Model)(\..*)?$")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "LeadScoring.Core.Storage.LeadScoringDbContext")
            .GetResult();

        Assert.True(result.IsSuccessful, "Endpoints and components call Core services, never a DbContext: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void EveryRoom_IsDeclared()
    {
        // A new folder must be placed in the order above (and get its README), or this test cannot guard it.
        AssertRoomsDeclared(s_engine, "LeadScoring.Engine", EngineRooms);
        AssertRoomsDeclared(s_core, "LeadScoring.Core", CoreRooms);
        AssertRoomsDeclared(s_dashboard, "LeadScoring.Dashboard", DashboardRooms);
    }

    /// <summary>Every "room → room" arrow found in the assembly, as "From → To (Type, …)".</summary>
    internal static List<string> UpwardOrCyclicArrows(Assembly assembly, string root, IReadOnlyList<string> rooms)
    {
        var problems = new List<string>();
        for (var from = 0; from < rooms.Count; from++)
        {
            for (var to = from + 1; to < rooms.Count; to++)
            {
                var offenders = Types.InAssembly(assembly).That().ResideInNamespaceMatching($@"^{Regex.Escape(root)}\.{rooms[from]}(\..*)?$")
                    .And().HaveDependencyOn($"{root}.{rooms[to]}")
                    .GetTypes().Select(t => t.FullName).Take(5).ToList();
                if (offenders.Count > 0)
                {
                    problems.Add($"{rooms[from]} → {rooms[to]} points up ({string.Join(", ", offenders)})");
                }
            }
        }
        return problems;
    }

    private static void AssertLayered(Assembly assembly, string root, IReadOnlyList<string> rooms)
    {
        var problems = UpwardOrCyclicArrows(assembly, root, rooms);
        Assert.True(problems.Count == 0, "Arrows must point down (move the shared type to the lower room, or invert the call):\n" + string.Join("\n", problems));
    }

    private static void AssertNoReference(Assembly assembly, params string[] forbidden)
    {
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var found = references.Where(r => forbidden.Any(f => r == f || r.StartsWith(f + ".", StringComparison.Ordinal))).ToList();
        Assert.True(found.Count == 0, $"{assembly.GetName().Name} must not reference {string.Join(", ", found)}");
    }

    private static void AssertRoomsDeclared(Assembly assembly, string root, IReadOnlyList<string> rooms)
    {
        var undeclared = assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(ns => ns![(root.Length + 1)..].Split('.')[0])
            .Distinct()
            .Where(room => !rooms.Contains(room))
            .ToList();
        Assert.True(undeclared.Count == 0, $"Rooms of {root} not in the declared order: {string.Join(", ", undeclared)}");
    }
}
