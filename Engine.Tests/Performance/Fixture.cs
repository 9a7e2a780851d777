using LeadScoring.Engine.Tests.Infrastructure;
using System.Text.Json;

namespace LeadScoring.Engine.Tests.Performance;

/// <summary>The literals written by Engine.Tests/Performance/make_performance_fixture.py (scikit-learn 1.2.1, NannyML formulas).</summary>
internal static class Fixture
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "Engine.Tests", "Performance", "Fixtures", "performance_fixture.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static JsonElement Get(string name) => Root.GetProperty(name);

    public static JsonElement Case(string section, string name) =>
        Get(section).EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static double? NullableDouble(this JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    public static double? NullableDouble(this JsonElement e, string property) => e.GetProperty(property).NullableDouble();

    /// <summary>Asserts |expected − actual| ≤ tolerance (NaN equals NaN).</summary>
    public static void Near(double expected, double actual, double tolerance = 1e-9, string? what = null)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual))
        {
            return;
        }
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3})");
    }

    /// <summary>Asserts a fixture value that may be null (= NaN / not defined).</summary>
    public static void Near(double? expected, double actual, double tolerance = 1e-9, string? what = null) =>
        Near(expected ?? double.NaN, actual, tolerance, what);
}
