using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Events;
using JobFinder.Ops.Google.Monitoring;
using JobFinder.Ops.Monitoring.Diff;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Export;

/// <summary>Writes live alert policies as a monitoring file (docs/MONITORING.md) that applies back
/// unchanged: each policy in the API's own field names without server-owned fields and without our
/// label (Set adds it); channels we manage are declared under <c>notificationChannels</c> by their key
/// and referenced by it, other channels are referenced by resource name so Set neither creates nor
/// changes them. Secret labels cannot be read back (the API obfuscates them), so they are written as
/// <c>secretLabels</c> naming an environment variable to set, with a Warning.</summary>
internal static class MonitoringFileWriter
{
    public static MonitoringExport Write(LiveMonitoring live, string projectId, IEngineEventSink events)
    {
        // Every channel we manage, referenced or not: Set -Prune removes managed channels the file does not
        // declare, so leaving one out would make applying the export a change.
        var declared = live.Channels
            .Where(c => MonitoringLabels.IsManaged(c.UserLabels) && c.UserLabels!.ContainsKey(MonitoringLabels.ChannelKey))
            .OrderBy(c => c.UserLabels![MonitoringLabels.ChannelKey], StringComparer.Ordinal)
            .ToArray();
        var keys = declared.ToDictionary(c => c.Name!, c => c.UserLabels![MonitoringLabels.ChannelKey], StringComparer.Ordinal);

        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"# Alert policies, notification channels, SLOs and dashboard of project {projectId}, exported by Export-JobFinderAlertPolicy.\n");
        output.Append("# Apply with Set-JobFinderAlertPolicy -Path <this file>; see docs/MONITORING.md for the format.\n");
        if (declared.Length > 0)
        {
            output.Append("notificationChannels:\n");
            foreach (var channel in declared)
            {
                YamlEmitter.Item(output, Channel(channel, keys[channel.Name!], events), 2);
            }
        }

        output.Append(live.Policies.Count == 0 ? "alertPolicies: []\n" : "alertPolicies:\n");
        foreach (var policy in live.Policies)
        {
            YamlEmitter.Item(output, Policy(policy, keys), 2);
        }

        if (live.Slos.Count > 0)
        {
            output.Append("slos:\n");
            foreach (var (service, objective) in live.Slos)
            {
                YamlEmitter.Item(output, LiveMonitoringSpecs.Slo(service, objective), 2);
            }
        }

        var dashboard = live.Dashboards.FirstOrDefault();
        if (dashboard is not null)
        {
            foreach (var other in live.Dashboards.Skip(1))
            {
                events.Warning($"Dashboard '{other.DisplayName}' ({other.Name}) is ours but a monitoring file declares one dashboard; the export holds '{dashboard.DisplayName}', so Set-JobFinderAlertPolicy -Prune from it would remove '{other.DisplayName}'.");
            }

            output.Append("dashboard:\n");
            YamlEmitter.Mapping(output, LiveMonitoringSpecs.Dashboard(dashboard), 2);
        }

        return new MonitoringExport(output.ToString(), live.Policies.Count, declared.Length, live.Slos.Count, dashboard is not null);
    }

    private static JsonObject Policy(AlertPolicy policy, IReadOnlyDictionary<string, string> channelKeys)
    {
        var json = AlertPolicyShape.ToJson(policy);
        foreach (var owned in new[] { "name", "creationRecord", "mutationRecord", "validity" })
        {
            json.Remove(owned);
        }

        if (json["conditions"] is JsonArray conditions)
        {
            foreach (var condition in conditions.OfType<JsonObject>())
            {
                condition.Remove("name");
            }
        }

        if (json["userLabels"] is JsonObject labels)
        {
            labels.Remove(MonitoringLabels.ManagedBy);
            if (labels.Count == 0)
            {
                json.Remove("userLabels");
            }
        }

        if (json["notificationChannels"] is JsonArray references)
        {
            json["notificationChannels"] = new JsonArray(references
                .Select(r => r!.GetValue<string>())
                .Select(r => (JsonNode?)JsonValue.Create(channelKeys.TryGetValue(r, out var key) ? key : r))
                .ToArray());
        }

        return json;
    }

    private static JsonObject Channel(NotificationChannel channel, string key, IEngineEventSink events)
    {
        var labels = new JsonObject();
        var secrets = new JsonObject();
        foreach (var (label, value) in (channel.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (ChannelSpecReader.IsSecretLabel(channel.Type ?? "", label))
            {
                var variable = $"JOBFINDER_{key}_{label}".ToUpperInvariant().Replace('-', '_');
                secrets[label] = variable;
                events.Warning($"Notification channel '{key}': label '{label}' is a secret the API does not return; the exported file names the environment variable {variable} for it; set it before applying a change to the channel's labels.");
            }
            else
            {
                labels[label] = value;
            }
        }

        var result = new JsonObject
        {
            ["name"] = key,
            ["type"] = channel.Type,
        };
        if (channel.DisplayName is { } displayName && displayName != key)
        {
            result["displayName"] = displayName;
        }

        if (!string.IsNullOrEmpty(channel.Description))
        {
            result["description"] = channel.Description;
        }

        if (channel.Enabled == false)
        {
            result["enabled"] = false;
        }

        if (labels.Count > 0)
        {
            result["labels"] = labels;
        }

        if (secrets.Count > 0)
        {
            result["secretLabels"] = secrets;
        }

        return result;
    }
}
