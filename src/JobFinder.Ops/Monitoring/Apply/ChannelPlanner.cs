using System.Text.Json.Nodes;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Model;
using JobFinder.Ops.Monitoring.Diff;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Apply;

/// <summary>Plans notification channels. A declared channel is the live channel with our label and its
/// key (user label <c>jobfinder-channel</c>); failing that, an existing channel of the same type and the
/// same labels (one made in the console) is reused as it is; otherwise it is created. Secret labels are
/// read from their environment variables only when written, and never compared (the API returns them
/// obfuscated) or shown.</summary>
internal sealed class ChannelPlanner(string projectId, MonitoringPlanOptions options, Func<string, string?> environment)
{
    private static readonly IReadOnlyList<string> s_fields = ["displayName", "description", "enabled", "labels", "userLabels"];

    private readonly PlannedChangeFactory _changes = new(MonitoringChangeKind.Channel, "notification channel", projectId);

    public IReadOnlyList<PlannedChange> Plan(IReadOnlyList<ChannelSpec> declared, IReadOnlyList<NotificationChannel> live, Dictionary<string, string> knownChannels, IEngineEventSink events)
    {
        var changes = new List<PlannedChange>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in declared)
        {
            var current = live.FirstOrDefault(c => c.Type == spec.Type && MonitoringLabels.IsManaged(c.UserLabels)
                && c.UserLabels!.TryGetValue(MonitoringLabels.ChannelKey, out var key) && key == spec.Key);
            var desired = ForCompare(spec);
            if (current is null && spec.SecretLabels.Count == 0 && live.FirstOrDefault(c => IsSameEndpoint(c, spec)) is { } existing)
            {
                knownChannels[spec.Key] = existing.Name!;
                changes.Add(_changes.Unchanged(spec.DisplayName, existing.Name, $"= reusing {existing.Name} ({existing.DisplayName}), which is not managed by {MonitoringLabels.ManagedByValue}"));
                continue;
            }

            WarnIfSecretsMissing(spec, events);
            if (current is null)
            {
                var diff = JsonDiff.Lines(null, desired).Concat(SecretLines(spec)).ToArray();
                changes.Add(_changes.Create(spec.DisplayName, MonitoringChangeAction.Create, null, diff, [],
                    async (writer, plan, token) =>
                    {
                        var created = await writer.CreateNotificationChannelAsync(projectId, ForWrite(spec), token).ConfigureAwait(false);
                        plan.ChannelNames[spec.Key] = created.Name!;
                        return created.Name;
                    }));
                continue;
            }

            matched.Add(current.Name!);
            knownChannels[spec.Key] = current.Name!;
            var liveJson = ForCompare(current, spec);
            var mask = JsonDiff.ChangedFields(liveJson, desired, s_fields);
            if (mask.Count == 0)
            {
                changes.Add(_changes.Unchanged(spec.DisplayName, current.Name));
                continue;
            }

            changes.Add(_changes.Create(spec.DisplayName, MonitoringChangeAction.Update, current.Name, JsonDiff.Lines(liveJson, desired), mask,
                async (writer, _, token) => (await writer.PatchNotificationChannelAsync(ForWrite(spec) with { Name = current.Name }, mask, token).ConfigureAwait(false)).Name));
        }

        if (options.Prune)
        {
            foreach (var channel in live.Where(c => MonitoringLabels.IsManaged(c.UserLabels) && c.UserLabels!.ContainsKey(MonitoringLabels.ChannelKey) && !matched.Contains(c.Name!)))
            {
                changes.Add(_changes.Removal(channel.DisplayName ?? channel.Name!, channel.Name!, (writer, token) => writer.DeleteNotificationChannelAsync(channel.Name!, force: false, token)));
            }
        }

        return changes;
    }

    private static bool IsSameEndpoint(NotificationChannel channel, ChannelSpec spec) =>
        channel.Type == spec.Type && !MonitoringLabels.IsManaged(channel.UserLabels) && spec.Labels.Count > 0
        && spec.Labels.All(l => channel.Labels is not null && channel.Labels.TryGetValue(l.Key, out var value) && value == l.Value);

    private static JsonObject ForCompare(ChannelSpec spec) => JsonCanonical.Normalize(new JsonObject
    {
        ["type"] = spec.Type,
        ["displayName"] = spec.DisplayName,
        ["description"] = spec.Description,
        ["enabled"] = spec.Enabled,
        ["labels"] = Map(spec.Labels),
        ["userLabels"] = Map(UserLabels(spec)),
    });

    private static JsonObject ForCompare(NotificationChannel live, ChannelSpec spec) => JsonCanonical.Normalize(new JsonObject
    {
        ["type"] = live.Type,
        ["displayName"] = live.DisplayName,
        ["description"] = live.Description,
        ["enabled"] = live.Enabled ?? true,
        ["labels"] = Map((live.Labels ?? []).Where(l => !spec.SecretLabels.ContainsKey(l.Key)).ToDictionary()),
        ["userLabels"] = Map(live.UserLabels ?? []),
    });

    private NotificationChannel ForWrite(ChannelSpec spec)
    {
        var labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal);
        foreach (var (label, variable) in spec.SecretLabels)
        {
            labels[label] = environment(variable) is { Length: > 0 } value
                ? value
                : throw new JobFinderException(MonitoringErrorIds.ChannelSecretMissing, ErrorKind.InvalidOperation,
                    $"Notification channel '{spec.Key}': label '{label}' comes from the environment variable {variable}, which is not set.", variable);
        }

        return new NotificationChannel
        {
            Type = spec.Type,
            DisplayName = spec.DisplayName,
            Description = spec.Description,
            Enabled = spec.Enabled,
            Labels = labels,
            UserLabels = UserLabels(spec),
        };
    }

    private void WarnIfSecretsMissing(ChannelSpec spec, IEngineEventSink events)
    {
        foreach (var (label, variable) in spec.SecretLabels.Where(s => string.IsNullOrEmpty(environment(s.Value))))
        {
            events.Warning($"Notification channel '{spec.Key}': environment variable {variable} (label '{label}') is not set; creating or relabelling the channel will fail.");
        }
    }

    private static IEnumerable<string> SecretLines(ChannelSpec spec) =>
        spec.SecretLabels.Select(s => $"+ labels.{s.Key}: (secret from ${s.Value})");

    private static Dictionary<string, string> UserLabels(ChannelSpec spec) => new(StringComparer.Ordinal)
    {
        [MonitoringLabels.ManagedBy] = MonitoringLabels.ManagedByValue,
        [MonitoringLabels.ChannelKey] = spec.Key,
    };

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value))));
}
