namespace JobFinder.Ops.Model;

/// <summary>What a deployment did to one function, and everything an undo needs without asking
/// anyone: the service, the stable revision and the full previous split, the new revision, whether
/// the function was created or deleted (and for a deletion its previous configuration, values redacted;
/// the values are in the backup's function config artifact).</summary>
public sealed record FunctionDeploymentRecord
{
    public required string FunctionId { get; init; }

    public required string Region { get; init; }

    /// <summary><c>projects/P/locations/L/functions/F</c>.</summary>
    public required string FunctionName { get; init; }

    public required PlannedChangeAction Action { get; init; }

    /// <summary><c>projects/P/locations/L/services/S</c>; null until known for a create.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Revision that served traffic before (tagged <c>stable</c>); null for a create.</summary>
    public string? StableRevision { get; init; }

    /// <summary>The service's traffic split before this deployment touched it.</summary>
    public IReadOnlyList<TrafficAllocation> PreviousTraffic { get; init; } = [];

    /// <summary>Revision this deployment created (tagged <c>canary</c>); null until deployed.</summary>
    public string? NewRevision { get; init; }

    public string? SourceHash { get; init; }

    /// <summary>Tag URL of the new revision (smoke-tested before any user traffic).</summary>
    public string? CanaryUrl { get; init; }

    /// <summary>Share of traffic on <see cref="NewRevision"/> as last set.</summary>
    public int CanaryPercent { get; init; }

    /// <summary>True when this deployment created the function (an undo deletes it).</summary>
    public bool Created => Action == PlannedChangeAction.Create;

    /// <summary>True once this deployment deleted the function (an undo recreates it).</summary>
    public bool Deleted { get; init; }

    /// <summary>True when this deployment created the function and its automatic rollback deleted it
    /// again: it did not exist before the deployment, so the failed release no longer serves on its URL.
    /// (False in records written before this field existed.)</summary>
    public bool RemovedByRollback { get; init; }

    /// <summary>Members of roles/run.invoker on the service before this deployment changed them; null when it
    /// did not change them (Undo and the rollback put these back).</summary>
    public IReadOnlyList<string>? InvokerBefore { get; init; }

    /// <summary>The invoker members this deployment set (null when it set none).</summary>
    public IReadOnlyList<string>? InvokerAfter { get; init; }

    /// <summary>The Cloud Scheduler job this deployment created, changed or deleted; null when none.</summary>
    public string? ScheduleJobName { get; init; }

    /// <summary>The job as it was before (cloudscheduler-v1 Job JSON); empty when it did not exist.</summary>
    public string? ScheduleBeforeJson { get; init; }

    /// <summary>The function's previous configuration as JSON (Cloud Functions v2 Function), with
    /// environment values replaced by <c>&lt;redacted&gt;</c>; set for deletions.</summary>
    public string? PreviousConfigJson { get; init; }

    /// <summary>One line, as Format-List shows it inside a {...} list: the record's default ToString dumped every member, with generic and compiler-generated list type names.</summary>
    public override string ToString() =>
        $"{FunctionId} ({Region}): {Action}{(Deleted ? ", deleted" : "")}{(RemovedByRollback ? ", removed by the rollback" : "")}";
}
