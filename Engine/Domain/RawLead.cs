using System.Runtime.CompilerServices;

namespace LeadScoring.Engine.Domain;

/// <summary>
/// One lead in a raw schema (by default <see cref="RawSchema.Leads"/>: the original system's 19 optional input fields),
/// plus the optional <c>engaged</c> label. Values are held by column, as the schema defines them, so readers,
/// validators and writers need no per-column code; the typed properties below are conveniences over the same values
/// for the feature pipeline. Null means missing; strings are kept exactly as received (no trimming), because the
/// feature pipeline matches categories by ordinal equality.
/// </summary>
public sealed record RawLead
{
    private readonly double?[] _numbers;
    private readonly string?[] _strings;

    /// <summary>An empty lead of the original schema.</summary>
    public RawLead()
        : this(RawSchema.Leads)
    {
    }

    /// <summary>An empty lead of <paramref name="schema"/>.</summary>
    public RawLead(RawSchema schema)
    {
        Schema = schema;
        _numbers = new double?[schema.Columns.Count];
        _strings = new string?[schema.Columns.Count];
    }

    // `with` copies the values, never shares them.
    private RawLead(RawLead original)
    {
        Schema = original.Schema;
        _numbers = (double?[])original._numbers.Clone();
        _strings = (string?[])original._strings.Clone();
        Engaged = original.Engaged;
        LeadId = original.LeadId;
    }

    /// <summary>The schema whose columns this lead holds.</summary>
    public RawSchema Schema { get; }

    /// <summary>Label: 1 engaged, 0 not engaged, null unknown. Not a model input.</summary>
    public int? Engaged { get; init; }

    /// <summary>
    /// The client's own key for the lead (<c>lead_id</c>, at most <see cref="RawSchema.MaxLeadIdLength"/> characters):
    /// stored with the prediction so a later outcome can label it. Never a model input.
    /// </summary>
    public string? LeadId { get; init; }

    /// <summary>The value of a numeric column by its index in <see cref="Schema"/>.</summary>
    public double? GetNumber(int column) => _numbers[column];

    /// <summary>The value of a string column (category or text) by its index in <see cref="Schema"/>.</summary>
    public string? GetString(int column) => _strings[column];

    /// <summary>The value of a numeric column by name.</summary>
    public double? GetNumber(string column) => _numbers[NumericIndex(column)];

    /// <summary>The value of a string column by name.</summary>
    public string? GetString(string column) => _strings[StringIndex(column)];

    /// <summary>A lead built from one value per column (numbers for numeric columns, strings otherwise), by index.</summary>
    public static RawLead FromValues(RawSchema schema, ReadOnlySpan<double?> numbers, ReadOnlySpan<string?> strings, int? engaged = null)
    {
        var lead = new RawLead(schema) { Engaged = engaged };
        numbers.CopyTo(lead._numbers);
        strings.CopyTo(lead._strings);
        return lead;
    }

    // For readers that build the arrays for this lead alone (no copy): the arrays must not be used afterwards.
    internal static RawLead Own(RawSchema schema, double?[] numbers, string?[] strings, int? engaged, string? leadId = null) =>
        new(schema, numbers, strings) { Engaged = engaged, LeadId = leadId };

    private RawLead(RawSchema schema, double?[] numbers, string?[] strings)
    {
        Schema = schema;
        _numbers = numbers;
        _strings = strings;
    }

    /// <summary>LLM lead quality, whole number 0..100.</summary>
    public int? LlmQuality { get => Whole(Number(0)); init => SetNumber(0, value); }

    /// <summary>Entry, Mid, Senior, Executive.</summary>
    public string? LlmSeniority { get => String(1); init => SetString(1, value); }

    /// <summary>LLM engagement likelihood in [0, 1].</summary>
    public double? LlmEngagement { get => Number(2); init => SetNumber(2, value); }

    /// <summary>LLM decision-maker likelihood in [0, 1].</summary>
    public double? LlmDecisionMaker { get => Number(3); init => SetNumber(3, value); }

    /// <summary>Free-text industry chosen by the LLM.</summary>
    public string? LlmIndustry { get => String(4); init => SetString(4, value); }

    /// <summary>international_hub, regional_hub or other.</summary>
    public string? LlmGeography { get => String(5); init => SetString(5, value); }

    /// <summary>experts, leaders, others, salespeople, workers.</summary>
    public string? LlmBusinessType { get => String(6); init => SetString(6, value); }

    /// <summary>Company fit 0..2.</summary>
    public int? LlmCompanyFit { get => Whole(Number(7)); init => SetNumber(7, value); }

    /// <summary>LinkedIn industry of the person.</summary>
    public string? Industry { get => String(8); init => SetString(8, value); }

    /// <summary>LinkedIn industry of the company.</summary>
    public string? CompanyIndustry { get => String(9); init => SetString(9, value); }

    /// <summary>Head-count band such as "11-50".</summary>
    public string? CompanySize { get => String(10); init => SetString(10, value); }

    /// <summary>Company type such as "Privately Held".</summary>
    public string? CompanyType { get => String(11); init => SetString(11, value); }

    /// <summary>Comma-separated languages.</summary>
    public string? Languages { get => String(12); init => SetString(12, value); }

    /// <summary>Person location.</summary>
    public string? Location { get => String(13); init => SetString(13, value); }

    /// <summary>Company location, "City, CC".</summary>
    public string? CompanyLocation { get => String(14); init => SetString(14, value); }

    /// <summary>Foundation year as a float.</summary>
    public double? CompanyFoundedOn { get => Number(15); init => SetNumber(15, value); }

    /// <summary>Profile summary.</summary>
    public string? Summary { get => String(16); init => SetString(16, value); }

    /// <summary>Comma-separated skills.</summary>
    public string? Skills { get => String(17); init => SetString(17, value); }

    /// <summary>Job title.</summary>
    public string? JobTitle { get => String(18); init => SetString(18, value); }

    /// <inheritdoc />
    public bool Equals(RawLead? other) =>
        other is not null && ReferenceEquals(Schema, other.Schema) && Engaged == other.Engaged && LeadId == other.LeadId
        && _numbers.AsSpan().SequenceEqual(other._numbers) && _strings.AsSpan().SequenceEqual(other._strings);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Engaged);
        foreach (var n in _numbers)
        {
            hash.Add(n);
        }
        foreach (var s in _strings)
        {
            hash.Add(s, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    // The typed properties address the original schema's columns by position; a lead of another schema has them
    // only where that schema keeps the same column at the same place.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double? Number(int column) => IsLeadColumn(column) ? _numbers[column] : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private string? String(int column) => IsLeadColumn(column) ? _strings[column] : null;

    private void SetNumber(int column, double? value) => _numbers[LeadColumn(column)] = value;

    private void SetString(int column, string? value) => _strings[LeadColumn(column)] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsLeadColumn(int column) =>
        ReferenceEquals(Schema, RawSchema.Leads)
        || (column < Schema.Columns.Count && Schema.Columns[column] == RawSchema.Leads.Columns[column]);

    private int LeadColumn(int column) => IsLeadColumn(column)
        ? column
        : throw new InvalidOperationException($"This lead's schema has no column '{RawSchema.Leads.Columns[column].Name}' at position {column}.");

    private int NumericIndex(string column)
    {
        var i = Schema.IndexOf(column);
        return i >= 0 && Schema.Columns[i].IsNumeric ? i : throw new ArgumentException($"'{column}' is not a numeric column of the raw schema.", nameof(column));
    }

    private int StringIndex(string column)
    {
        var i = Schema.IndexOf(column);
        return i >= 0 && !Schema.Columns[i].IsNumeric ? i : throw new ArgumentException($"'{column}' is not a string column of the raw schema.", nameof(column));
    }

    private static int? Whole(double? value) => value is { } v ? (int)v : null;
}
