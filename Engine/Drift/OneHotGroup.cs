namespace LeadScoring.Engine.Drift;

/// <summary>
/// A one-hot encoded group of processed feature columns that drift tests treat as one categorical column.
/// </summary>
/// <param name="Name">Name of the reassembled categorical column (e.g. the raw field name).</param>
/// <param name="BaselineValue">Category of a row whose member columns are all 0 (the dropped baseline level).</param>
/// <param name="Members">The member columns and the category each stands for.</param>
public sealed record OneHotGroup(string Name, string BaselineValue, IReadOnlyList<OneHotMember> Members);

/// <summary>One column of a one-hot group.</summary>
/// <param name="ColumnIndex">Index in the processed feature matrix.</param>
/// <param name="Value">Category this column encodes when it is 1.</param>
public sealed record OneHotMember(int ColumnIndex, string Value);
