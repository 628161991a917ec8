namespace JobFinder.Ops.Model;

/// <summary>Which kind of monitoring resource an <see cref="AlertPolicyChange"/> is about.</summary>
public enum AlertPolicyChangeKind
{
    Policy,
    Channel,

    /// <summary>A service-level objective or the Service Monitoring service that holds it.</summary>
    Slo,
    Dashboard,
}
