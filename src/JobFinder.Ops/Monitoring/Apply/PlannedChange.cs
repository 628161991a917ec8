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

    /// <summary>ShouldProcess action, one line: what is done (the diff is in <see cref="Description"/>).</summary>
    public string Action => Change.Action switch
    {
        MonitoringChangeAction.Create => "Create",
        MonitoringChangeAction.Update => $"Update {string.Join(", ", Change.Mask)}",
        MonitoringChangeAction.Delete => "Delete (no longer declared; -Prune)",
        _ => "Leave unchanged",
    };

    /// <summary>What -WhatIf prints and -Confirm asks about: the action on the target, then the diff one
    /// change a line, indented, each wrapped to <paramref name="width"/> columns (a filter is longer than a
    /// terminal line) so it reads at 100 columns after PowerShell's "What if: ".</summary>
    public string Description(int width = 100)
    {
        var text = new System.Text.StringBuilder();
        var header = Change.Action switch
        {
            MonitoringChangeAction.Update => $"Update {string.Join(", ", Change.Mask)} of {Target}",
            MonitoringChangeAction.Delete => $"Delete {Target} (no longer declared; -Prune)",
            _ => $"{Action} {Target}",
        };
        Wrap(text, header + (Change.Diff.Length == 0 ? "." : ":"), width - "What if: ".Length, "");
        foreach (var line in Change.Diff.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(Environment.NewLine);
            Wrap(text, "  " + line, width, "      ");
        }

        return text.ToString();
    }

    public bool IsMutation => Change.Action != MonitoringChangeAction.Unchanged;

    /// <summary>Removals are high impact (ConfirmImpact High).</summary>
    public bool IsRemoval => Change.Action == MonitoringChangeAction.Delete;

    /// <summary>Appends <paramref name="line"/> in pieces of at most <paramref name="width"/> characters,
    /// breaking at a space when there is one, continuation pieces after <paramref name="indent"/>.</summary>
    private static void Wrap(System.Text.StringBuilder text, string line, int width, string indent)
    {
        var rest = line;
        var first = true;
        while (true)
        {
            var room = first ? width : width - indent.Length;
            if (rest.Length <= room)
            {
                text.Append(first ? "" : indent).Append(rest);
                return;
            }

            // At the last space that leaves a useful first piece, else (one long token) at the width.
            var cut = rest.LastIndexOf(' ', room - 1, room);
            cut = cut <= room / 3 ? room : cut + 1;
            text.Append(first ? "" : indent).Append(rest.AsSpan(0, cut).TrimEnd()).Append(Environment.NewLine);
            rest = rest[cut..];
            first = false;
        }
    }

    /// <summary>Makes the change with <paramref name="api"/> (the caller's client, so its events reach
    /// the caller's streams).</summary>
    internal Task<string?> ExecuteAsync(MonitoringApi api, MonitoringPlan plan, CancellationToken cancellationToken) =>
        _execute is null ? Task.FromResult(Change.Name) : _execute(api, plan, cancellationToken);
}
