using JobFinder.Ops.Model;

namespace JobFinder.Ops.Monitoring;

/// <summary>The Google project the monitoring file is applied to and the functions it deploys (SLOs,
/// the dashboard and the gen1-metric advice need them).</summary>
public sealed record MonitoringTarget(string ProjectId, string Region, IReadOnlyList<MonitoredFunction> Functions)
{
    public static MonitoringTarget From(JobFinderProject project) => new(
        project.ProjectId,
        project.Region,
        project.Functions.Select(f => new MonitoredFunction(f.Id, f.Region, f.Platform != "gcfv1")).ToArray());

    public bool HasGen2Functions => Functions.Any(f => f.IsGen2);
}
