namespace LeadScoring.Dashboard.Components.Registry;

/// <summary>What the promote/rollback dialog returns: the reason and, after a policy refusal, the override reason.</summary>
public sealed record PromoteDialogAnswer(string? Reason, string? OverrideReason);
