using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Reliability;

/// <summary>The committed bad-input corpus (Dashboard.Tests/TestData/BadInput) and its manifest.</summary>
public static partial class BadInputCorpus
{
    public static string Directory => Path.Combine(TestPaths.RepositoryRoot, "Dashboard.Tests", "TestData", "BadInput");

    private static readonly Lazy<JsonDocument> s_manifest = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "manifest.json"))));

    public static IEnumerable<JsonElement> Entries => s_manifest.Value.RootElement.GetProperty("files").EnumerateArray();

    public static JsonElement Entry(string file) => Entries.Single(e => e.GetProperty("file").GetString() == file);

    public static TheoryData<string> CsvFiles() => [.. Entries.Where(e => !e.TryGetProperty("api", out _)).Select(e => e.GetProperty("file").GetString()!)];

    public static TheoryData<string> JsonFiles() => [.. Entries.Where(e => e.TryGetProperty("api", out _)).Select(e => e.GetProperty("file").GetString()!)];

    /// <summary>The file is uploaded with allowMissingColumns=true (it shows another problem with a few raw columns).</summary>
    public static bool AllowsMissingColumns(JsonElement entry) =>
        entry.TryGetProperty("allow_missing_columns", out var allow) && allow.GetBoolean();

    public static string? Optional(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static IReadOnlyList<(int Row, string? Column)> Issues(JsonElement entry, string kind) =>
        [.. entry.GetProperty(kind).EnumerateArray().Select(i => (i.GetProperty("row").GetInt32(),
            i.GetProperty("column").ValueKind == JsonValueKind.Null ? null : i.GetProperty("column").GetString()))];

    /// <summary>The file's bytes: committed, or built here when too big to commit ("generated" in the manifest).</summary>
    public static byte[] Bytes(string file)
    {
        var generated = Optional(Entry(file), "generated");
        return generated switch
        {
            null => File.ReadAllBytes(Path.Combine(Directory, "files", file)),
            "multi-megabyte-line" => Encoding.UTF8.GetBytes("llm_quality,jobtitle,summary\n80,CTO,a\n70,CEO,b\n60,VP," + new string('x', 6 * 1024 * 1024)),
            "multi-megabyte-summary" => Encoding.UTF8.GetBytes("llm_quality,jobtitle,summary\n80,CTO,\"" + new string('y', 3 * 1024 * 1024) + "\"\n"),
            "batch-10001-leads" => Encoding.UTF8.GetBytes("{\"leads\":[" + string.Join(",", Enumerable.Repeat("{}", 10_001)) + "]}"),
            _ => throw new InvalidOperationException("Unknown generator " + generated),
        };
    }

    /// <summary>True when a user-facing text carries exception or stack-trace material.</summary>
    public static bool LooksLikeExceptionText(string text) => ExceptionText().IsMatch(text);

    [GeneratedRegex(@"Exception|\bat [A-Z][\w.]+\(|System\.|Sylvan|Microsoft\.|SQLite Error|\.cs:line", RegexOptions.CultureInvariant)]
    private static partial Regex ExceptionText();
}
