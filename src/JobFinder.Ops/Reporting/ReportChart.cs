namespace JobFinder.Ops.Reporting;

/// <summary>A chart of the report: an id (also the SVG's id), a title, the unit of its values
/// (<c>percent</c>, <c>fraction</c>, <c>ms</c>), its lines and an optional threshold line.</summary>
public sealed record ReportChart(string Id, string Title, string Unit, IReadOnlyList<ChartSeries> Series, double? Threshold = null, string? FunctionId = null);
