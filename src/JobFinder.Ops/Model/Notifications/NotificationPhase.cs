namespace JobFinder.Ops.Model;

/// <summary>The moments of a deployment stakeholders hear about, in the order they happen.</summary>
public enum NotificationPhase
{
    /// <summary>The announcement: start time, expected duration and impact, what is deployed,
    /// monitoring plan, contact.</summary>
    Started,
    CanaryStepPassed,
    CanaryStepFailed,
    RolledBack,
    Completed,
    /// <summary>The deployment stopped and could not roll back by itself (or was aborted).</summary>
    Failed,
}
