namespace JobFinder.Ops.Model;

/// <summary>What happens to a monitoring resource.</summary>
public enum AlertPolicyChangeAction
{
    Unchanged,
    Created,
    Updated,

    /// <summary>Ours, no longer declared, deleted by -Prune.</summary>
    Removed,
}
