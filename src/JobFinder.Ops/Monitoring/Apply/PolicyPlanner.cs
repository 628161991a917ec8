using System.Text.Json.Nodes;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Diff;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>Plans alert policies: a declared policy is matched to the live policy with the same display
/// name that carries our label; missing ones are created, differing ones patched with an updateMask of
/// just the changed top-level fields (condition ids kept), equal ones left alone; with -Prune, live
/// policies with our label that the file no longer declares are removed. A live policy without our label
/// is never changed, unless -Adopt says to take over one with a declared display name.</summary>
internal sealed class PolicyPlanner(string projectId, MonitoringPlanOptions options)
{
    private readonly PlannedChangeFactory _changes = new(MonitoringChangeKind.Policy, "alert policy", projectId);

    public IReadOnlyList<PlannedChange> Plan(
        IReadOnlyList<PolicySpec> declared,
        IReadOnlyList<AlertPolicy> live,
        IReadOnlyDictionary<string, string> knownChannels,
        IReadOnlySet<string> liveChannelNames)
    {
        var changes = new List<PlannedChange>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in declared)
        {
            CheckChannelNames(spec, liveChannelNames);
            var current = Match(spec, live);
            var desired = ResolveForCompare(spec.Policy, knownChannels);
            if (current is null)
            {
                changes.Add(_changes.Create(spec.DisplayName, MonitoringChangeAction.Create, null, JsonDiff.Lines(null, AlertPolicyShape.ForCompare(desired)), [],
                    async (writer, plan, token) => (await writer.CreateAlertPolicyAsync(projectId, AlertPolicyShape.FromJson(ForWrite(spec, plan)), token).ConfigureAwait(false)).Name));
                continue;
            }

            matched.Add(current.Name!);
            var liveJson = AlertPolicyShape.ForCompare(AlertPolicyShape.ToJson(current));
            var desiredJson = AlertPolicyShape.ForCompare(desired);
            var mask = JsonDiff.ChangedFields(liveJson, desiredJson, AlertPolicyShape.Fields);
            if (mask.Count == 0)
            {
                changes.Add(_changes.Unchanged(spec.DisplayName, current.Name));
                continue;
            }

            changes.Add(_changes.Create(spec.DisplayName, MonitoringChangeAction.Update, current.Name, JsonDiff.Lines(liveJson, desiredJson), mask,
                async (writer, plan, token) =>
                {
                    var body = ForWrite(spec, plan);
                    body["name"] = current.Name;
                    KeepConditionNames(body, current);
                    return (await writer.PatchAlertPolicyAsync(AlertPolicyShape.FromJson(body), mask, token).ConfigureAwait(false)).Name;
                }));
        }

        if (options.Prune)
        {
            foreach (var policy in live.Where(p => MonitoringLabels.IsManaged(p.UserLabels) && !matched.Contains(p.Name!)))
            {
                changes.Add(_changes.Removal(policy.DisplayName ?? policy.Name!, policy.Name!, (writer, token) => writer.DeleteAlertPolicyAsync(policy.Name!, token)));
            }
        }

        return changes;
    }

    private AlertPolicy? Match(PolicySpec spec, IReadOnlyList<AlertPolicy> live)
    {
        var sameName = live.Where(p => p.DisplayName == spec.DisplayName).ToArray();
        var ours = sameName.FirstOrDefault(p => MonitoringLabels.IsManaged(p.UserLabels));
        if (ours is not null || sameName.Length == 0)
        {
            return ours;
        }

        if (options.Adopt)
        {
            return sameName[0];
        }

        throw new JobFinderException(MonitoringErrorIds.PolicyNotManaged, ErrorKind.ResourceExists,
            $"Alert policy '{spec.DisplayName}' already exists in project {projectId} ({sameName[0].Name}) without the label {MonitoringLabels.ManagedBy}: {MonitoringLabels.ManagedByValue}, so it is not ours to change. Rename the declared policy, or run with -Adopt to bring the existing one under this file.",
            sameName[0].Name)
        {
            RecommendedAction = "Add -Adopt to take over the existing policy, or give the declared policy another displayName.",
        };
    }

    /// <summary>Full channel names written in the file must exist in the project.</summary>
    private static void CheckChannelNames(PolicySpec spec, IReadOnlySet<string> liveChannelNames)
    {
        if (spec.Policy["notificationChannels"] is not JsonArray references)
        {
            return;
        }

        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i]!.GetValue<string>();
            if (GcpNames.IsChannelName(reference) && !liveChannelNames.Contains(reference))
            {
                throw spec.Source.Error(MonitoringErrorIds.ChannelUnknown, $"notificationChannels[{i}]", $"channel '{reference}' does not exist in the project.");
            }
        }
    }

    /// <summary>The declared policy with channel keys replaced by the names known at plan time; a channel
    /// still to be created shows as <c>(new channel KEY)</c>, which no live policy can equal.</summary>
    private static JsonObject ResolveForCompare(JsonObject policy, IReadOnlyDictionary<string, string> knownChannels) =>
        WithChannels(policy, key => knownChannels.TryGetValue(key, out var name) ? name : $"(new channel {key})");

    private JsonObject ForWrite(PolicySpec spec, MonitoringPlan plan) =>
        WithChannels(spec.Policy, key => plan.ChannelNames.TryGetValue(key, out var name)
            ? name
            : throw new JobFinderException(MonitoringErrorIds.ChannelUnknown, ErrorKind.ObjectNotFound,
                $"Alert policy '{spec.DisplayName}' notifies channel '{key}', which was not created (its creation was skipped or failed).", key));

    private static JsonObject WithChannels(JsonObject policy, Func<string, string> resolve)
    {
        var copy = (JsonObject)policy.DeepClone();
        if (copy["notificationChannels"] is JsonArray references)
        {
            copy["notificationChannels"] = new JsonArray(references
                .Select(r => r!.GetValue<string>())
                .Select(r => (JsonNode?)JsonValue.Create(GcpNames.IsChannelName(r) ? r : resolve(r)))
                .ToArray());
        }

        return copy;
    }

    /// <summary>Sends back live condition names (matched by display name, else by position when the count
    /// is unchanged) so conditions keep their ids and open incidents stay attached.</summary>
    private static void KeepConditionNames(JsonObject body, AlertPolicy current)
    {
        if (body["conditions"] is not JsonArray conditions || current.Conditions is not { Count: > 0 } live)
        {
            return;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = (JsonObject)conditions[i]!;
            var displayName = condition["displayName"]?.GetValue<string>();
            var match = live.FirstOrDefault(c => c.Name is not null && c.DisplayName == displayName && !used.Contains(c.Name))
                ?? (conditions.Count == live.Count && live[i].Name is { } n && !used.Contains(n) ? live[i] : null);
            if (match?.Name is { } name)
            {
                used.Add(name);
                condition["name"] = name;
            }
        }
    }
}
