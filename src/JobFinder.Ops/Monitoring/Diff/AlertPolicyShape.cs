using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Monitoring;

namespace JobFinder.Ops.Monitoring.Diff;

/// <summary>An AlertPolicy as the part a user controls, for comparing a declared policy with a live one:
/// without server-owned fields (name, creation/mutation records, validity, condition names), with the
/// API's write defaults filled in (<c>enabled: true</c>, documentation <c>mimeType: text/markdown</c>,
/// a trigger of one time series), channels in a stable order, then canonical.</summary>
internal static class AlertPolicyShape
{
    /// <summary>The fields a PATCH may name, i.e. the update mask vocabulary.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["displayName", "documentation", "userLabels", "conditions", "combiner", "enabled", "notificationChannels", "alertStrategy", "severity"];

    public static JsonObject ForCompare(JsonObject policy)
    {
        var copy = (JsonObject)policy.DeepClone();
        foreach (var owned in new[] { "name", "creationRecord", "mutationRecord", "validity" })
        {
            copy.Remove(owned);
        }

        copy["enabled"] ??= true;
        if (copy["documentation"] is JsonObject documentation && documentation["content"] is not null)
        {
            documentation["mimeType"] ??= "text/markdown";
        }

        if (copy["notificationChannels"] is JsonArray channels)
        {
            copy["notificationChannels"] = new JsonArray(channels.Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal).Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        if (copy["conditions"] is JsonArray conditions)
        {
            foreach (var condition in conditions.OfType<JsonObject>())
            {
                condition.Remove("name");
                foreach (var (_, body) in condition)
                {
                    if (body is JsonObject kind && kind["trigger"] is JsonObject trigger && trigger.Count == 1 && trigger["count"] is JsonValue count && count.ToJsonString() == "1")
                    {
                        kind.Remove("trigger");
                    }
                }
            }
        }

        return JsonCanonical.Normalize(copy);
    }

    public static JsonObject ToJson(AlertPolicy policy) =>
        (JsonObject)JsonSerializer.SerializeToNode(policy, GoogleJsonContext.Default.AlertPolicy)!;

    public static AlertPolicy FromJson(JsonObject json) =>
        json.Deserialize(GoogleJsonContext.Default.AlertPolicy) ?? throw new InvalidOperationException("An alert policy serialised to null.");
}
