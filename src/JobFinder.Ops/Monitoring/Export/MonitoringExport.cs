namespace JobFinder.Ops.Monitoring.Export;

/// <summary>An exported monitoring file's text and what it holds.</summary>
public sealed record MonitoringExport(string Text, int Policies, int Channels, int Slos, bool HasDashboard)
{
    /// <summary>Nothing to apply: writing it over a file would throw that file's declarations away.</summary>
    public bool IsEmpty => Policies == 0 && Channels == 0 && Slos == 0 && !HasDashboard;

    public string Summary => $"{Policies} alert policies, {Channels} notification channels, {Slos} SLOs, {(HasDashboard ? "a" : "no")} dashboard";
}
