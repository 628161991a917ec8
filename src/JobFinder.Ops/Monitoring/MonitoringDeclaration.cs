using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring;

/// <summary>A monitoring file read and validated (no call made yet): what <see cref="MonitoringService.PlanAsync"/> plans from.</summary>
public sealed class MonitoringDeclaration
{
    internal MonitoringDeclaration(string sourceName, MonitoringTarget target, MonitoringSpec spec)
    {
        SourceName = sourceName;
        Target = target;
        Spec = spec;
    }

    public string SourceName { get; }

    public MonitoringTarget Target { get; }

    public int PolicyCount => Spec.Policies.Count;

    public int ChannelCount => Spec.Channels.Count;

    public int SloCount => Spec.Slos.Count;

    public bool HasDashboard => Spec.Dashboard is not null;

    internal MonitoringSpec Spec { get; }
}
