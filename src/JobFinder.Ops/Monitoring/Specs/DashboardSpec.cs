namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>The one dashboard: a row per function (Cloud Run service) with its request rate, error rate
/// and p95 latency.</summary>
internal sealed record DashboardSpec(string DisplayName, IReadOnlyList<DashboardFunction> Functions, int Columns, SourcePositions Source);
