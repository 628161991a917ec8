namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>How far a plan may go beyond create and update.</summary>
public sealed record MonitoringPlanOptions
{
    /// <summary>Remove resources with our label that the file no longer declares.</summary>
    public bool Prune { get; init; }

    /// <summary>Take over live policies without our label whose display name the file declares.</summary>
    public bool Adopt { get; init; }
}
