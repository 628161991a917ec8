namespace JobFinder.Ops.Reporting;

/// <summary>A journaled step as the report's timeline shows it.</summary>
public sealed record ReportStepRow(int Sequence, string Kind, string Name, string? Split, string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Message);
