namespace JobFinder.Ops.Reporting;

/// <summary>One line of a chart: a name (<c>canary</c>, <c>stable</c>, <c>traffic</c>) and its points in
/// time order. <see cref="Step"/> draws it as a staircase (traffic holds its value until the next step).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, bool Step = false);
