namespace JobFinder.Ops.Model;

/// <summary>What happens to a monitoring resource. The same verbs as <see cref="PlannedChangeAction"/>, so
/// a deployment plan and an alert-policy change read alike.</summary>
public enum MonitoringChangeAction
{
    Unchanged,
    Create,
    Update,

    /// <summary>Ours, no longer declared, deleted by -Prune.</summary>
    Delete,
}
