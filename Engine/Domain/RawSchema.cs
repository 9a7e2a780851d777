using System.Globalization;
using System.Text;

namespace LeadScoring.Engine.Domain;

/// <summary>How a raw column is typed and validated.</summary>
public enum RawColumnKind
{
    /// <summary>Whole number (a float text such as "80.0" is accepted if integral).</summary>
    Integer,

    /// <summary>Floating-point number.</summary>
    Float,

    /// <summary>Categorical string, matched exactly.</summary>
    Category,

    /// <summary>Free text feeding the text features.</summary>
    Text,
}

/// <summary>A repair the CSV reader applies to a column's cells before validation.</summary>
public enum RawColumnRepair
{
    /// <summary>Cells are taken as they are.</summary>
    None,

    /// <summary>Head-count bands that a spreadsheet turned into dates ("Oct-50" for "11-50") are restored, with a warning.</summary>
    SpreadsheetDateRange,
}

/// <summary>
/// One column of the raw enriched schema with the original API's bounds (null bound = unbounded).
/// </summary>
/// <param name="Name">Column / JSON field name.</param>
/// <param name="Kind">Type of the column.</param>
/// <param name="Description">What the column holds, for documentation and error messages.</param>
/// <param name="Minimum">Inclusive lower bound for numbers.</param>
/// <param name="Maximum">Inclusive upper bound for numbers.</param>
/// <param name="MaxCodePoints">Maximum text length in Unicode code points.</param>
/// <param name="Repair">A repair the CSV reader applies before validating.</param>
public sealed record RawColumn(string Name, RawColumnKind Kind, string Description, double? Minimum = null,
    double? Maximum = null, int? MaxCodePoints = null, RawColumnRepair Repair = RawColumnRepair.None)
{
    /// <summary>True for <see cref="RawColumnKind.Integer"/> and <see cref="RawColumnKind.Float"/>.</summary>
    public bool IsNumeric => Kind is RawColumnKind.Integer or RawColumnKind.Float;
}

/// <summary>
/// The raw enriched lead schema, defined once as data: the CSV and JSON readers, the validator, the medians and the
/// documentation table (<see cref="ToMarkdownTable"/>, in Engine/Domain/README.md) are all driven from
/// <see cref="Leads"/>. A new column is one line in <see cref="Leads"/>.
/// </summary>
public sealed class RawSchema
{
    /// <summary>Name of the optional label column (0/1); not a model input.</summary>
    public const string LabelColumn = "engaged";

    /// <summary>Name of the optional column (and JSON field) with the client's key for the lead; never a model input.</summary>
    public const string LeadIdColumn = "lead_id";

    /// <summary>Longest accepted <see cref="LeadIdColumn"/> value, in characters.</summary>
    public const int MaxLeadIdLength = 128;

    private readonly Dictionary<string, int> _index;

    /// <summary>A schema of the given columns, in file order (names must be unique).</summary>
    public RawSchema(IEnumerable<RawColumn> columns)
    {
        Columns = [.. columns];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!_index.TryAdd(Columns[i].Name, i) || Columns[i].Name is LabelColumn or LeadIdColumn)
            {
                throw new ArgumentException($"Column '{Columns[i].Name}' is given twice or is the label column.", nameof(columns));
            }
        }
        NumericColumns = [.. Columns.Where(c => c.IsNumeric)];
    }

    /// <summary>The 19 input columns of the original system, in the order of linkedin_leads_clean.csv.</summary>
    public static RawSchema Leads { get; } = new(
    [
        new("llm_quality", RawColumnKind.Integer, "LLM lead quality, whole number", 0, 100),
        new("llm_seniority", RawColumnKind.Category, "Entry, Mid, Senior, Executive (C-Level is advertised but unseen in training); one-hot"),
        new("llm_engagement", RawColumnKind.Float, "LLM engagement likelihood", 0, 1),
        new("llm_decision_maker", RawColumnKind.Float, "LLM decision-maker likelihood", 0, 1),
        new("llm_industry", RawColumnKind.Category, "free-text industry chosen by the LLM; target-encoded"),
        new("llm_geography", RawColumnKind.Category, "international_hub, regional_hub or other; one-hot"),
        new("llm_business_type", RawColumnKind.Category, "experts, leaders, others, salespeople, workers; one-hot"),
        new("llm_company_fit", RawColumnKind.Integer, "company fit: 0 unknown/low, 1 medium, 2 clear match", 0, 2),
        new("industry", RawColumnKind.Category, "LinkedIn industry of the person; target-encoded"),
        new("companyindustry", RawColumnKind.Category, "LinkedIn industry of the company; target-encoded"),
        new("companysize", RawColumnKind.Category, "head-count band such as 11-50; one-hot", Repair: RawColumnRepair.SpreadsheetDateRange),
        new("companytype", RawColumnKind.Category, "company type such as Privately Held; one-hot"),
        new("languages", RawColumnKind.Category, "comma-separated languages, one category; target-encoded"),
        new("location", RawColumnKind.Category, "person location; target-encoded"),
        new("companylocation", RawColumnKind.Category, "company location, City, CC; target-encoded"),
        new("companyfoundedon", RawColumnKind.Float, "foundation year (no range check, as the original)"),
        new("summary", RawColumnKind.Text, "profile summary; text features", MaxCodePoints: 10_000),
        new("skills", RawColumnKind.Text, "comma-separated skills; text features", MaxCodePoints: 5_000),
        new("jobtitle", RawColumnKind.Text, "job title; text features", MaxCodePoints: 500),
    ]);

    /// <summary>The input columns in file order.</summary>
    public IReadOnlyList<RawColumn> Columns { get; }

    /// <summary>The numeric input columns (missing values are imputed with their medians).</summary>
    public IReadOnlyList<RawColumn> NumericColumns { get; }

    /// <summary>Index of an input column by name (ordinal), or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>The column of that name; throws when the schema has none.</summary>
    public RawColumn this[string name] =>
        IndexOf(name) is var i and >= 0 ? Columns[i] : throw new ArgumentException($"'{name}' is not a column of the raw schema.", nameof(name));

    /// <summary>The schema as a Markdown table (name, type, bounds, meaning): the documentation is generated from this.</summary>
    public string ToMarkdownTable()
    {
        var text = new StringBuilder("| column | type | allowed | meaning |\n|---|---|---|---|\n");
        foreach (var c in Columns)
        {
            var allowed = c switch
            {
                { Minimum: not null } or { Maximum: not null } => string.Create(CultureInfo.InvariantCulture, $"{c.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "−∞"} … {c.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}"),
                { MaxCodePoints: int max } => string.Create(CultureInfo.InvariantCulture, $"≤ {max:N0} code points"),
                _ => "",
            };
            text.Append(CultureInfo.InvariantCulture, $"| `{c.Name}` | {c.Kind.ToString().ToLowerInvariant()} | {allowed} | {c.Description} |\n");
        }
        return text.Append(CultureInfo.InvariantCulture, $"| `{LabelColumn}` | label | 0, 1 or empty | outcome, optional; never a model input |\n")
            .Append(CultureInfo.InvariantCulture, $"| `{LeadIdColumn}` | key | ≤ {MaxLeadIdLength} characters or empty | the client's key for the lead, so later outcomes can label its prediction; never a model input |\n")
            .ToString();
    }
}
