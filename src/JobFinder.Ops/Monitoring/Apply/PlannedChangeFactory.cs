using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>Builds the <see cref="PlannedChange"/>s of one kind of resource in one project.</summary>
internal sealed class PlannedChangeFactory(MonitoringChangeKind kind, string noun, string projectId)
{
    public PlannedChange Create(
        string displayName,
        MonitoringChangeAction action,
        string? name,
        IEnumerable<string> diff,
        IReadOnlyList<string> mask,
        Func<MonitoringApi, MonitoringPlan, CancellationToken, Task<string?>>? execute) => new(
        new MonitoringChange
        {
            DisplayName = displayName,
            Kind = kind,
            Action = action,
            Diff = string.Join(Environment.NewLine, diff),
            Mask = mask,
            Name = name,
            ProjectId = projectId,
        },
        $"{noun} '{displayName}'" + (name is null ? $" in project {projectId}" : $" ({name})"),
        execute);

    public PlannedChange Unchanged(string displayName, string? name, params string[] diff) =>
        Create(displayName, MonitoringChangeAction.Unchanged, name, diff, [], null);

    /// <summary>A -Prune removal of a resource the file no longer declares.</summary>
    public PlannedChange Removal(string displayName, string name, Func<MonitoringApi, CancellationToken, Task> delete, string reason = "no longer declared in the monitoring file") =>
        Create(displayName, MonitoringChangeAction.Delete, name, [$"- {displayName}: {reason}"], [],
            async (writer, _, token) =>
            {
                await delete(writer, token).ConfigureAwait(false);
                return name;
            });
}
