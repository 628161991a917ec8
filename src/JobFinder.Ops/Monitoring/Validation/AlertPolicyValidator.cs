using System.Text.Json.Nodes;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Validation;

/// <summary>The API's rules for an AlertPolicy that a schema cannot say (AlertPolicy field docs in the
/// Monitoring v3 discovery document), checked before any call so a bad file fails with its position
/// instead of a 400 halfway through a run. Types and enum values were checked on conversion.</summary>
internal static class AlertPolicyValidator
{
    public const int MaxConditions = 6;
    private const int MaxDisplayName = 512;
    private const int MaxDocumentation = 8192;
    private const int MaxLinks = 3;
    private const int MaxUserLabels = 64;

    public static void Validate(JsonObject policy, SourcePositions source)
    {
        var displayName = policy["displayName"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "displayName", "is required.");
        }

        if (displayName.Length > MaxDisplayName)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "displayName", $"is longer than {MaxDisplayName} characters.");
        }

        var conditions = policy["conditions"] as JsonArray;
        if (conditions is null || conditions.Count == 0)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "conditions", "must list at least one condition.");
        }

        if (conditions.Count > MaxConditions)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "conditions", $"has {conditions.Count} conditions; a policy can have at most {MaxConditions}.");
        }

        var kinds = new List<string>();
        for (var i = 0; i < conditions.Count; i++)
        {
            kinds.Add(ConditionValidator.Validate((JsonObject)conditions[i]!, $"conditions[{i}]", source));
        }

        var combiner = policy["combiner"]?.GetValue<string>() ?? "COMBINE_UNSPECIFIED";
        if (conditions.Count > 1 && combiner == "COMBINE_UNSPECIFIED")
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "combiner", "is required when a policy has more than one condition (AND, OR or AND_WITH_MATCHING_RESOURCE).");
        }

        if (kinds.Contains("conditionMatchedLog"))
        {
            if (conditions.Count > 1)
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, "conditions", "with a conditionMatchedLog condition must have no other condition.");
            }

            if (policy["alertStrategy"]?["notificationRateLimit"] is null)
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, "alertStrategy.notificationRateLimit", "is required for a log-match policy.");
            }
        }

        ValidateDocumentation(policy["documentation"] as JsonObject, source);
        ValidateUserLabels(policy["userLabels"] as JsonObject, source);
        ValidateChannelReferences(policy["notificationChannels"] as JsonArray, source);
    }

    private static void ValidateDocumentation(JsonObject? documentation, SourcePositions source)
    {
        if (documentation is null)
        {
            return;
        }

        if (documentation["mimeType"]?.GetValue<string>() is { } mime && mime != "text/markdown")
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "documentation.mimeType", $"must be text/markdown (the only format the API supports), not '{mime}'.");
        }

        if (documentation["content"]?.GetValue<string>() is { Length: > MaxDocumentation } content)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "documentation.content", $"has {content.Length} characters; the API allows {MaxDocumentation}.");
        }

        if (documentation["links"] is JsonArray { Count: > MaxLinks })
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "documentation.links", $"can have at most {MaxLinks} entries.");
        }
    }

    private static void ValidateUserLabels(JsonObject? labels, SourcePositions source)
    {
        if (labels is null)
        {
            return;
        }

        if (labels.Count > MaxUserLabels)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "userLabels", $"can have at most {MaxUserLabels} entries.");
        }

        foreach (var (key, value) in labels)
        {
            if (!GcpNames.IsLabelValue(key))
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, $"userLabels.{key}", "is not a valid label key (lower-case letters, digits, '-' and '_', starting with a letter, at most 63).");
            }

            if (value?.GetValue<string>() is { } text && text.Length > 0 && !GcpNames.IsLabelValue(text) && !text.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c is '-' or '_'))
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, $"userLabels.{key}", $"value '{text}' may only hold lower-case letters, digits, '-' and '_'.");
            }
        }
    }

    private static void ValidateChannelReferences(JsonArray? channels, SourcePositions source)
    {
        if (channels is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < channels.Count; i++)
        {
            var reference = channels[i]!.GetValue<string>();
            if (!seen.Add(reference))
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, $"notificationChannels[{i}]", $"names '{reference}' twice.");
            }
        }
    }
}
