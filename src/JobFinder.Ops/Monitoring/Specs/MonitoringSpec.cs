namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Everything one monitoring file declares, read and validated (see docs/MONITORING.md).</summary>
internal sealed record MonitoringSpec(
    string FilePath,
    IReadOnlyList<PolicySpec> Policies,
    IReadOnlyList<ChannelSpec> Channels,
    IReadOnlyList<SloSpec> Slos,
    DashboardSpec? Dashboard);
