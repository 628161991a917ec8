using JobFinder.Ops.Rollout;

namespace JobFinder.Ops.Undo;

/// <summary>What a rehearsal deploys (the same options as the real deployment) and how its undo runs.</summary>
public sealed record RehearsalOptions
{
    public required DeploymentOptions Deployment { get; init; }

    /// <summary>Deleting functions the rehearsal created needs no confirmation by default (it is a rehearsal).</summary>
    public Func<UndoFunctionChange, bool> ConfirmDelete { get; init; } = _ => true;
}
