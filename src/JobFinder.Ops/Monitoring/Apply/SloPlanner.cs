using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Diff;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>Plans SLOs: each function's Service Monitoring service is created when missing (ids are ours,
/// so matching is by id), each SLO created or patched with the changed fields as the mask; with -Prune,
/// our SLOs that are no longer declared go, and then our services left without a declared SLO.</summary>
internal sealed class SloPlanner(MonitoringApi api, string projectId, MonitoringPlanOptions options)
{
    private static readonly IReadOnlyList<string> s_serviceFields = ["displayName", "cloudRun", "userLabels"];
    private readonly PlannedChangeFactory _changes = new(MonitoringChangeKind.Slo, "SLO resource", projectId);

    private static readonly IReadOnlyList<string> s_objectiveFields = ["displayName", "goal", "rollingPeriod", "calendarPeriod", "serviceLevelIndicator", "userLabels"];

    public async Task<IReadOnlyList<PlannedChange>> PlanAsync(IReadOnlyList<SloSpec> declared, CancellationToken cancellationToken)
    {
        if (declared.Count == 0 && !options.Prune)
        {
            return [];
        }

        var services = new List<MonitoredService>();
        await foreach (var service in api.ListServicesAsync(projectId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            services.Add(service);
        }

        var changes = new List<PlannedChange>();
        var removals = new List<PlannedChange>();
        var declaredServices = declared.GroupBy(SloBuilder.ServiceId).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var (serviceId, slos) in declaredServices)
        {
            var serviceName = $"projects/{projectId}/services/{serviceId}";
            var current = services.FirstOrDefault(s => s.Name == serviceName);
            var desiredService = SloBuilder.Service(slos[0]);
            var liveObjectives = new List<ServiceLevelObjective>();
            if (current is null)
            {
                changes.Add(_changes.Create($"service {serviceId}", MonitoringChangeAction.Create, null, JsonDiff.Lines(null, desiredService), [],
                    async (writer, _, token) => (await writer.CreateServiceAsync(projectId, serviceId, FromJson(desiredService, GoogleJsonContext.Default.MonitoredService), token).ConfigureAwait(false)).Name));
            }
            else
            {
                var liveService = Compare(ToJson(current, GoogleJsonContext.Default.MonitoredService));
                var mask = JsonDiff.ChangedFields(liveService, Compare(desiredService), s_serviceFields);
                changes.Add(mask.Count == 0
                    ? _changes.Unchanged($"service {serviceId}", current.Name)
                    : _changes.Create($"service {serviceId}", MonitoringChangeAction.Update, current.Name, JsonDiff.Lines(liveService, Compare(desiredService)), mask,
                        async (writer, _, token) => (await writer.PatchServiceAsync(FromJson(desiredService, GoogleJsonContext.Default.MonitoredService) with { Name = current.Name }, mask, token).ConfigureAwait(false)).Name));
                await foreach (var objective in api.ListServiceLevelObjectivesAsync(serviceName, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    liveObjectives.Add(objective);
                }
            }

            foreach (var slo in slos)
            {
                changes.Add(PlanObjective(slo, serviceName, liveObjectives));
            }

            if (options.Prune)
            {
                removals.AddRange(liveObjectives
                    .Where(o => MonitoringLabels.IsManaged(o.UserLabels) && slos.All(s => o.Name != $"{serviceName}/serviceLevelObjectives/{s.Id}"))
                    .Select(RemoveObjective));
            }
        }

        if (options.Prune)
        {
            foreach (var service in services.Where(s => MonitoringLabels.IsManaged(s.UserLabels) && !declaredServices.ContainsKey(s.Name!.Split('/')[^1])))
            {
                await foreach (var objective in api.ListServiceLevelObjectivesAsync(service.Name!, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (MonitoringLabels.IsManaged(objective.UserLabels))
                    {
                        removals.Add(RemoveObjective(objective));
                    }
                }

                removals.Add(_changes.Removal($"service {service.Name!.Split('/')[^1]}", service.Name!, (writer, token) => writer.DeleteServiceAsync(service.Name!, token), "no declared SLO uses this service any more"));
            }
        }

        return [.. changes, .. removals];
    }

    private PlannedChange PlanObjective(SloSpec slo, string serviceName, IReadOnlyList<ServiceLevelObjective> live)
    {
        var name = $"{serviceName}/serviceLevelObjectives/{slo.Id}";
        var desired = SloBuilder.Objective(slo);
        var current = live.FirstOrDefault(o => o.Name == name);
        if (current is null)
        {
            return _changes.Create(slo.DisplayName, MonitoringChangeAction.Create, null, JsonDiff.Lines(null, desired), [],
                async (writer, _, token) => (await writer.CreateServiceLevelObjectiveAsync(serviceName, slo.Id, FromJson(desired, GoogleJsonContext.Default.ServiceLevelObjective), token).ConfigureAwait(false)).Name);
        }

        var liveJson = Compare(ToJson(current, GoogleJsonContext.Default.ServiceLevelObjective));
        var desiredJson = Compare(desired);
        var mask = JsonDiff.ChangedFields(liveJson, desiredJson, s_objectiveFields);
        return mask.Count == 0
            ? _changes.Unchanged(slo.DisplayName, name)
            : _changes.Create(slo.DisplayName, MonitoringChangeAction.Update, name, JsonDiff.Lines(liveJson, desiredJson), mask,
                async (writer, _, token) => (await writer.PatchServiceLevelObjectiveAsync(FromJson(desired, GoogleJsonContext.Default.ServiceLevelObjective) with { Name = name }, mask, token).ConfigureAwait(false)).Name);
    }

    private PlannedChange RemoveObjective(ServiceLevelObjective objective) =>
        _changes.Removal(objective.DisplayName ?? objective.Name!, objective.Name!, (writer, token) => writer.DeleteServiceLevelObjectiveAsync(objective.Name!, token));

    private static JsonObject Compare(JsonObject value)
    {
        var copy = (JsonObject)value.DeepClone();
        copy.Remove("name");
        copy.Remove("telemetry");
        return JsonCanonical.Normalize(copy);
    }

    private static JsonObject ToJson<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        (JsonObject)JsonSerializer.SerializeToNode(value, type)!;

    private static T FromJson<T>(JsonObject json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        json.Deserialize(type) ?? throw new InvalidOperationException("A monitoring resource serialised to null.");
}
