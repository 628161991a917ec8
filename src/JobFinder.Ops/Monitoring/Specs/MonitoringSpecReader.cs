using System.Text.Json.Nodes;
using JobFinder.Ops.Events;
using JobFinder.Ops.Monitoring.Validation;

namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>Reads a monitoring file in any of the accepted shapes (docs/MONITORING.md):
/// <list type="bullet">
/// <item>our format: a mapping with <c>alertPolicies</c>, <c>notificationChannels</c>, <c>slos</c>,
/// <c>dashboard</c> (policies may use the plan's shorthand);</item>
/// <item>one AlertPolicy as <c>gcloud monitoring policies create --policy-from-file</c> takes it (JSON or YAML);</item>
/// <item>a list of AlertPolicies (a JSON array, a YAML list, or several YAML documents).</item>
/// </list>
/// Every policy is converted, validated and given our <c>managed-by</c> label; gen1 metric filters in a
/// gen2 project produce a Warning.</summary>
internal static class MonitoringSpecReader
{
    private static readonly string[] s_sections = ["alertPolicies", "notificationChannels", "slos", "dashboard"];

    public static MonitoringSpec Read(SpecDocument document, MonitoringTarget target, IEngineEventSink events)
    {
        var policyNodes = new List<SpecNode>();
        SpecMapping? ours = null;
        switch (document.Root)
        {
            case SpecSequence list:
                policyNodes.AddRange(list.Items);
                break;
            case SpecMapping mapping when IsAlertPolicy(mapping):
                policyNodes.Add(mapping);
                break;
            case SpecMapping mapping when mapping.Entries.Any(e => s_sections.Contains(e.Key)):
                ours = mapping;
                foreach (var entry in mapping.Entries.Where(e => !s_sections.Contains(e.Key)))
                {
                    var suggestion = FieldSuggestion.Closest(entry.Key, s_sections);
                    throw document.Error(MonitoringErrorIds.FieldUnknown, entry, entry.Key,
                        $"'{entry.Key}' is not a section of a monitoring file ({string.Join(", ", s_sections)})" + (suggestion is null ? "." : $"; did you mean '{suggestion}'?"));
                }

                switch (mapping["alertPolicies"])
                {
                    case null or SpecScalar { IsNull: true }:
                        break;
                    case SpecSequence declared:
                        policyNodes.AddRange(declared.Items);
                        break;
                    case var other:
                        throw document.Error(MonitoringErrorIds.FileUnrecognized, other, $"'alertPolicies' must be a list, not {other.KindName}.");
                }

                break;
            default:
                throw document.Error(MonitoringErrorIds.FileUnrecognized, document.Root,
                    "The file is neither a monitoring file (alertPolicies, notificationChannels, slos, dashboard) nor an AlertPolicy (displayName, conditions) or a list of them.");
        }

        var channels = ChannelSpecReader.Read(document, ours?["notificationChannels"]);
        var policies = new List<PolicySpec>();
        foreach (var node in policyNodes)
        {
            var policy = ReadPolicy(document, node, channels, target, events);
            var duplicate = policies.FirstOrDefault(p => p.DisplayName == policy.DisplayName);
            if (duplicate is not null)
            {
                throw policy.Source.Error(MonitoringErrorIds.DuplicateName, "displayName",
                    $"is also the display name of the policy at {duplicate.Source.Locate("").Node.Path} (line {duplicate.Source.Locate("").Node.Line}); policies are matched by display name, so each must be unique.");
            }

            policies.Add(policy);
        }

        return new MonitoringSpec(
            document.FilePath,
            policies,
            channels,
            SloSpecReader.Read(document, ours?["slos"], target),
            DashboardSpecReader.Read(document, ours?["dashboard"], target));
    }

    /// <summary>An AlertPolicy as gcloud reads it, told from our format by its shape rather than one key:
    /// it has fields only an AlertPolicy has (displayName, conditions, combiner...) and none of our sections
    /// but <c>notificationChannels</c>, which both share (a list of channel names in a policy, of channel
    /// declarations in ours). A file with both kinds of keys is ours, so a typo reports the stray key.</summary>
    private static bool IsAlertPolicy(SpecMapping mapping)
    {
        var policyFields = AlertPolicySchema.Fields(AlertPolicySchema.Root);
        var policyOnly = mapping.Entries.Any(e => e.Key != "notificationChannels" && (policyFields.ContainsKey(e.Key) || policyFields.ContainsKey(SchemaJsonConverter.SnakeToCamel(e.Key))));
        var oursOnly = mapping.Entries.Any(e => e.Key != "notificationChannels" && s_sections.Contains(e.Key));
        if (policyOnly || oursOnly)
        {
            return policyOnly && !oursOnly;
        }

        // Only notificationChannels: channel names (text) make a policy missing its fields; declarations
        // (mappings) or nothing make our format.
        return mapping["notificationChannels"] is SpecSequence { Items.Count: > 0 } items && items.Items.All(i => i is SpecScalar);
    }

    private static PolicySpec ReadPolicy(SpecDocument document, SpecNode node, IReadOnlyList<ChannelSpec> channels, MonitoringTarget target, IEngineEventSink events)
    {
        var declaredName = (node as SpecMapping)?["displayName"] is SpecScalar { Value: { } name } ? name : null;
        var source = new SourcePositions(document, declaredName is null ? $"alert policy at {(node.Path.Length == 0 ? "the top" : node.Path)}" : $"alert policy '{declaredName}'");
        var policy = new SchemaJsonConverter(source).ConvertObject(ShorthandRewriter.Policy(node), AlertPolicySchema.Root, "");
        AlertPolicyValidator.Validate(policy, source);
        var labels = policy["userLabels"] as JsonObject ?? [];
        labels[MonitoringLabels.ManagedBy] = MonitoringLabels.ManagedByValue;
        policy["userLabels"] = labels;

        if (policy["notificationChannels"] is JsonArray references)
        {
            for (var i = 0; i < references.Count; i++)
            {
                var reference = references[i]!.GetValue<string>();
                if (!GcpNames.IsChannelName(reference) && channels.All(c => c.Key != reference))
                {
                    throw source.Error(MonitoringErrorIds.ChannelUnknown, $"notificationChannels[{i}]",
                        $"'{reference}' is neither a channel declared under notificationChannels ({(channels.Count == 0 ? "none" : string.Join(", ", channels.Select(c => c.Key)))}) nor a channel resource name (projects/P/notificationChannels/ID).");
                }
            }
        }

        var displayName = policy["displayName"]!.GetValue<string>();
        if (target.HasGen2Functions)
        {
            foreach (var warning in Gen1MetricAdvisor.Advise(policy, displayName))
            {
                events.Warning(warning);
            }
        }

        return new PolicySpec(displayName, policy, source);
    }
}
