namespace JobFinder.Ops.Reporting;

/// <summary>A rules release the deployment moved.</summary>
public sealed record ReportRulesRow(string Service, string File, string? PreviousRuleset, string? NewRuleset, bool Released);
