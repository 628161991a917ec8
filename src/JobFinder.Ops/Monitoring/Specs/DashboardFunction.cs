namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>A function shown on the dashboard: its id (chart titles) and Cloud Run service name (filters).</summary>
internal sealed record DashboardFunction(string Function, string ServiceName);
