namespace JobFinder.Ops.Model;

/// <summary>Where a journaled step is. A step left <see cref="Started"/> in a journal is where the
/// process died; <c>-Resume</c> runs it again (every step is idempotent against live state).</summary>
public enum DeploymentStepState
{
    Started,
    Completed,
    Failed,
}
