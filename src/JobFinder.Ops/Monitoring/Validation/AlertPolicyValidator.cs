using System.Text;
using System.Text.Json.Nodes;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Validation;

/// <summary>The API's rules for an AlertPolicy that a schema cannot say, checked before any call so a bad
/// file fails with its position instead of a 400 halfway through a run. The same rules as the emulator's
/// validator (src/JobFinder.Ops.Emulator/Monitoring/AlertPolicyValidator.cs), each from the AlertPolicy
/// field docs of ../shared/api/monitoring-v3.json unless it says otherwise; no rule is stricter than
/// Google's, so every policy Google accepts (and exports) loads. Types and enum values were checked on
/// conversion (<see cref="SchemaJsonConverter"/>).</summary>
internal static class AlertPolicyValidator
{
    public const int MaxConditions = 6;
    private const int MaxDisplayName = 512;
    private const int MaxDocumentation = 8192;
    private const int MaxDocumentationBytes = 10240;
    private const int MaxLinks = 3;
    private const int MaxLinkName = 63;
    private const int MaxUserLabels = 64;
    private static readonly TimeSpan s_minRenotify = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan s_maxRenotify = TimeSpan.FromHours(24);

    public static void Validate(JsonObject policy, SourcePositions source)
    {
        // AlertPolicy.displayName: "limited to 512 Unicode characters"; required by create (the API
        // answers INVALID_ARGUMENT without one).
        var displayName = policy["displayName"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "displayName", "is required: add displayName: <a name> to the policy (policies are matched by it).");
        }

        if (displayName.Length > MaxDisplayName)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "displayName", $"is longer than {MaxDisplayName} characters.");
        }

        // AlertPolicy.conditions: "A policy can have from one to six conditions."
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
            kinds.Add(ConditionValidator.Validate((JsonObject)conditions[i]!, $"conditions[{i}]", source, displayName, conditions.Count));
        }

        // AlertPolicy.combiner: how to combine several conditions, so several need one.
        var combiner = policy["combiner"]?.GetValue<string>() ?? "COMBINE_UNSPECIFIED";
        if (conditions.Count > 1 && combiner == "COMBINE_UNSPECIFIED")
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "combiner", "is required when a policy has more than one condition (AND, OR or AND_WITH_MATCHING_RESOURCE).");
        }

        // AlertPolicy.conditions: "If condition_monitoring_query_language is present, it must be the only
        // condition"; Condition.conditionMatchedLog: "If set, no other conditions can be present" (the API:
        // "Alert policies with a log matching condition can only have a single condition").
        foreach (var only in new[] { "conditionMonitoringQueryLanguage", "conditionMatchedLog" })
        {
            if (kinds.Contains(only) && conditions.Count > 1)
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, "conditions", $"with a {only} condition must have no other condition (it has {conditions.Count}); split it into policies of one condition each.");
            }
        }

        // AlertStrategy.notificationRateLimit: "Required for log-based alerting policies".
        if (kinds.Contains("conditionMatchedLog") && policy["alertStrategy"]?["notificationRateLimit"]?["period"] is null)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "alertStrategy.notificationRateLimit.period",
                "is required for a log-match policy: add alertStrategy: {notificationRateLimit: {period: 300s}} (at most one notification per period).");
        }

        ValidateDocumentation(policy["documentation"] as JsonObject, source);
        ValidateUserLabels(policy["userLabels"] as JsonObject, source);
        ValidateChannelReferences(policy["notificationChannels"] as JsonArray, source);
        ValidateStrategy(policy["alertStrategy"] as JsonObject, source);
    }

    private static void ValidateDocumentation(JsonObject? documentation, SourcePositions source)
    {
        if (documentation is null)
        {
            return;
        }

        // Documentation.mimeType: 'Presently, only the value "text/markdown" is supported.'
        if (documentation["mimeType"]?.GetValue<string>() is { } mime && mime != "text/markdown")
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "documentation.mimeType", $"must be text/markdown (the only format the API supports), not '{mime}'.");
        }

        // Documentation.content: "may not exceed 8,192 Unicode characters and may not exceed more than
        // 10,240 bytes when encoded in UTF-8 format".
        if (documentation["content"]?.GetValue<string>() is { } content
            && (content.Length > MaxDocumentation || Encoding.UTF8.GetByteCount(content) > MaxDocumentationBytes))
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "documentation.content", $"has {content.Length} characters ({Encoding.UTF8.GetByteCount(content)} bytes); the API allows {MaxDocumentation} characters and {MaxDocumentationBytes} bytes.");
        }

        // Documentation.subject: "may not exceed 10,240 bytes".
        if (documentation["subject"]?.GetValue<string>() is { } subject && Encoding.UTF8.GetByteCount(subject) > MaxDocumentationBytes)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "documentation.subject", $"is longer than {MaxDocumentationBytes} bytes.");
        }

        // Documentation.links: "can contain up to 3 entries"; Link.displayName: "must not be empty or
        // exceed 63 characters".
        if (documentation["links"] is not JsonArray links)
        {
            return;
        }

        if (links.Count > MaxLinks)
        {
            throw source.Error(MonitoringErrorIds.PolicyInvalid, "documentation.links", $"can have at most {MaxLinks} entries.");
        }

        for (var i = 0; i < links.Count; i++)
        {
            if (links[i]?["displayName"]?.GetValue<string>() is not { Length: > 0 and <= MaxLinkName })
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, $"documentation.links[{i}].displayName", $"is required and at most {MaxLinkName} characters (for example playbook).");
            }
        }
    }

    private static void ValidateUserLabels(JsonObject? labels, SourcePositions source)
    {
        if (labels is null)
        {
            return;
        }

        // AlertPolicy.userLabels: "up to 64 entries. Each key and value is limited to 63 Unicode characters
        // ... can contain only lowercase letters, numerals, underscores, and dashes. Keys must begin with a
        // letter."
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

            if (value?.GetValue<string>() is { } text && !GcpNames.IsLabelValueText(text))
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, $"userLabels.{key}", $"value '{text}' may only hold lower-case letters, digits, '-' and '_' (at most 63).");
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

    private static void ValidateStrategy(JsonObject? strategy, SourcePositions source)
    {
        // NotificationChannelStrategy.renotifyInterval: "must be between 30 minutes and 24 hours".
        if (strategy?["notificationChannelStrategy"] is not JsonArray perChannel)
        {
            return;
        }

        for (var i = 0; i < perChannel.Count; i++)
        {
            if (perChannel[i]?["renotifyInterval"]?.GetValue<string>() is { } text
                && Google.Json.GoogleDurationConverter.TryParse(text, out var interval) && (interval < s_minRenotify || interval > s_maxRenotify))
            {
                throw source.Error(MonitoringErrorIds.PolicyInvalid, $"alertStrategy.notificationChannelStrategy[{i}].renotifyInterval", $"must be between 1800s (30 minutes) and 86400s (24 hours), not {text}.");
            }
        }
    }
}
