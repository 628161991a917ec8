using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Diff;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>Plans the dashboard: matched by display name among dashboards with our label; created when
/// missing, replaced (the Dashboards API has no update mask; the etag guards a concurrent edit) when its
/// layout differs, left alone when equal; with -Prune, our dashboards with another name go.</summary>
internal sealed class DashboardPlanner(MonitoringApi api, string projectId, MonitoringPlanOptions options)
{
    private readonly PlannedChangeFactory _changes = new(MonitoringChangeKind.Dashboard, "dashboard", projectId);

    private static readonly IReadOnlyList<string> s_fields = ["displayName", "gridLayout", "mosaicLayout", "rowLayout", "columnLayout", "labels", "dashboardFilters"];

    public async Task<IReadOnlyList<PlannedChange>> PlanAsync(DashboardSpec? spec, CancellationToken cancellationToken)
    {
        if (spec is null && !options.Prune)
        {
            return [];
        }

        var live = new List<Dashboard>();
        await foreach (var dashboard in api.ListDashboardsAsync(projectId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            live.Add(dashboard);
        }

        var ours = live.Where(d => MonitoringLabels.IsManaged(d.Labels)).ToArray();
        var changes = new List<PlannedChange>();
        Dashboard? current = null;
        if (spec is not null)
        {
            var desired = DashboardBuilder.Build(spec);
            current = ours.FirstOrDefault(d => d.DisplayName == spec.DisplayName);
            if (current is null)
            {
                changes.Add(_changes.Create(spec.DisplayName, MonitoringChangeAction.Create, null, [$"+ dashboard with {spec.Functions.Count} function(s) x 3 charts: {string.Join(", ", spec.Functions.Select(f => f.Function))}"], [],
                    async (writer, _, token) => (await writer.CreateDashboardAsync(projectId, FromJson(desired), cancellationToken: token).ConfigureAwait(false)).Name));
            }
            else
            {
                var liveJson = Compare(current);
                var desiredJson = JsonCanonical.Normalize(desired);
                var mask = JsonDiff.ChangedFields(liveJson, desiredJson, s_fields);
                var name = current.Name;
                var etag = current.Etag;
                changes.Add(mask.Count == 0
                    ? _changes.Unchanged(spec.DisplayName, name)
                    : _changes.Create(spec.DisplayName, MonitoringChangeAction.Update, name, JsonDiff.Lines(liveJson, desiredJson), mask,
                        async (writer, _, token) => (await writer.PatchDashboardAsync(FromJson(desired) with { Name = name, Etag = etag }, cancellationToken: token).ConfigureAwait(false)).Name));
            }
        }

        if (options.Prune)
        {
            foreach (var dashboard in ours.Where(d => d != current))
            {
                changes.Add(_changes.Removal(dashboard.DisplayName ?? dashboard.Name!, dashboard.Name!, (writer, token) => writer.DeleteDashboardAsync(dashboard.Name!, token)));
            }
        }

        return changes;
    }

    private static JsonObject Compare(Dashboard dashboard)
    {
        var json = (JsonObject)JsonSerializer.SerializeToNode(dashboard, GoogleJsonContext.Default.Dashboard)!;
        json.Remove("name");
        json.Remove("etag");
        return JsonCanonical.Normalize(json);
    }

    private static Dashboard FromJson(JsonObject json) =>
        json.Deserialize(GoogleJsonContext.Default.Dashboard) ?? throw new InvalidOperationException("A dashboard serialised to null.");
}
