namespace JobFinder.Ops.Reporting;

/// <summary>One measurement on a report chart.</summary>
public sealed record ChartPoint(DateTimeOffset Time, double Value);
