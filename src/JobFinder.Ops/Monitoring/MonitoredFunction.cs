namespace JobFinder.Ops.Monitoring;

/// <summary>A function of the project: its id, primary region and whether it is gen2 (a Cloud Run service).</summary>
public sealed record MonitoredFunction(string Id, string Region, bool IsGen2);
