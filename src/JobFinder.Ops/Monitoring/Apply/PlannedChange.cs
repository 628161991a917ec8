using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>One step of a <see cref="MonitoringPlan"/>: what would change and how to make the change.
/// The cmdlet asks ShouldProcess for each step that mutates and then lets
/// <see cref="MonitoringService.ApplyAsync"/> perform it, so -WhatIf and a declined confirmation make no
/// call at all.</summary>
public sealed class PlannedChange
{
    private readonly Func<MonitoringApi, MonitoringPlan, CancellationToken, Task<string?>>? _execute;

    internal PlannedChange(MonitoringChange change, string target, Func<MonitoringApi, MonitoringPlan, CancellationToken, Task<string?>>? execute)
    {
        Change = change;
        Target = target;
        _execute = execute;
    }

    /// <summary>The change as planned (<see cref="MonitoringChange.Applied"/> false).</summary>
    public MonitoringChange Change { get; }

    /// <summary>ShouldProcess target, e.g. <c>alert policy 'High Error Rate' (projects/p/alertPolicies/1)</c>.</summary>
    public string Target { get; }

    /// <summary>ShouldProcess action, with the diff so -WhatIf shows it.</summary>
    public string Action => Change.Action switch
    {
        MonitoringChangeAction.Create => "Create" + DiffSuffix,
        MonitoringChangeAction.Update => $"Update {string.Join(", ", Change.Mask)}" + DiffSuffix,
        MonitoringChangeAction.Delete => "Delete (no longer declared; -Prune)",
        _ => "Leave unchanged",
    };

    public bool IsMutation => Change.Action != MonitoringChangeAction.Unchanged;

    /// <summary>Removals are high impact (ConfirmImpact High).</summary>
    public bool IsRemoval => Change.Action == MonitoringChangeAction.Delete;

    private string DiffSuffix => Change.Diff.Length == 0 ? "" : ":" + Environment.NewLine + Change.Diff;

    /// <summary>Makes the change with <paramref name="api"/> (the caller's client, so its events reach
    /// the caller's streams).</summary>
    internal Task<string?> ExecuteAsync(MonitoringApi api, MonitoringPlan plan, CancellationToken cancellationToken) =>
        _execute is null ? Task.FromResult(Change.Name) : _execute(api, plan, cancellationToken);
}
