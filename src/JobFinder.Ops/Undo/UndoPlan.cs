using JobFinder.Ops.Model;

namespace JobFinder.Ops.Undo;

/// <summary>What an undo would change, worked out from the record and live state (reads only). Each
/// list holds only what differs from the recorded previous state, so an empty plan means the deployment
/// is already undone and the undo makes no mutating call.</summary>
public sealed record UndoPlan
{
    public required DeploymentRecord Deployment { get; init; }

    public IReadOnlyList<UndoTrafficChange> Traffic { get; init; } = [];

    public IReadOnlyList<UndoRulesChange> Rules { get; init; } = [];

    /// <summary>Single-field overrides (TTL, single-field indexes) that differ from before the deployment.</summary>
    public IReadOnlyList<UndoFieldOverrideChange> FieldOverrides { get; init; } = [];

    /// <summary>Functions the deployment created, still live.</summary>
    public IReadOnlyList<UndoFunctionChange> Deletes { get; init; } = [];

    /// <summary>Functions the deployment deleted, still missing.</summary>
    public IReadOnlyList<UndoFunctionChange> Recreates { get; init; } = [];

    /// <summary>Invoker bindings and schedule jobs to put back as they were.</summary>
    public IReadOnlyList<UndoCompanionChange> Companions { get; init; } = [];

    /// <summary>Things an undo leaves as they are (said once, in the record and as warnings).</summary>
    public IReadOnlyList<string> NotUndone { get; init; } = [];

    public bool IsEmpty => Traffic.Count + Rules.Count + FieldOverrides.Count + Deletes.Count + Recreates.Count + Companions.Count == 0;

    public string Summary => IsEmpty
        ? "nothing to undo: traffic, rules and functions are as they were before the deployment"
        : $"{Traffic.Count} traffic split(s), {Rules.Count} rules release(s), {FieldOverrides.Count} field override(s), {Deletes.Count} function(s) to delete, {Recreates.Count} to recreate, {Companions.Count} invoker/schedule change(s) to put back";
}
