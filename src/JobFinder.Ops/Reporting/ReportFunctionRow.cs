namespace JobFinder.Ops.Reporting;

/// <summary>A function of the deployment as the report's plan table shows it.</summary>
public sealed record ReportFunctionRow(string FunctionId, string Region, string Action, string? StableRevision, string? NewRevision, string? SourceHash, int CanaryPercent);
