namespace JobFinder.Ops.Model;

/// <summary>Which kind of monitoring resource a <see cref="MonitoringChange"/> is about.</summary>
public enum MonitoringChangeKind
{
    Policy,
    Channel,

    /// <summary>A service-level objective or the Service Monitoring service that holds it.</summary>
    Slo,
    Dashboard,
}
