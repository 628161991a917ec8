using JobFinder.Ops.Google.Monitoring;

namespace JobFinder.Ops.Monitoring.Export;

/// <summary>What an export reads from a project: the policies to write, every notification channel, and
/// the SLOs (with their services) and dashboards that carry our label.</summary>
internal sealed record LiveMonitoring(
    IReadOnlyList<AlertPolicy> Policies,
    IReadOnlyList<NotificationChannel> Channels,
    IReadOnlyList<(MonitoredService Service, ServiceLevelObjective Objective)> Slos,
    IReadOnlyList<Dashboard> Dashboards);
