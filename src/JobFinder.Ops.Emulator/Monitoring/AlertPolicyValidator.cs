using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>The policy-level AlertPolicy rules the API enforces, each quoting the field doc of
/// ../shared/api/monitoring-v3.json (or naming the API error it mirrors): a display name of at most 512
/// characters, 1..6 conditions (see <see cref="AlertConditionValidator"/>), a combiner for several, a
/// log-match or MQL condition alone, log-match policies with a notification rate limit, documentation and
/// label limits, known enum values. No rule is looser or stricter than Google's: the module checks the same
/// rules before calling (src/JobFinder.Ops/Monitoring/Validation).</summary>
internal static partial class AlertPolicyValidator
{
    // AlertPolicy.combiner enum; COMBINE_UNSPECIFIED is the default of a one-condition policy.
    private static readonly string[] Combiners = ["COMBINE_UNSPECIFIED", "AND", "OR", "AND_WITH_MATCHING_RESOURCE"];
    private static readonly string[] Severities = ["SEVERITY_UNSPECIFIED", "CRITICAL", "ERROR", "WARNING"];

    public static List<(string Field, string Description)> Validate(JsonObject policy)
    {
        var violations = new List<(string, string)>();
        // displayName: "limited to 512 Unicode characters"; create refuses a policy without one.
        if ((string?)policy["displayName"] is not { Length: > 0 } displayName)
        {
            violations.Add(("displayName", "displayName is required."));
        }
        else if (displayName.Length > 512)
        {
            violations.Add(("displayName", "displayName is limited to 512 characters."));
        }

        // conditions: "A policy can have from one to six conditions."
        var conditions = policy["conditions"] as JsonArray ?? [];
        if (conditions.Count is < 1 or > 6)
        {
            violations.Add(("conditions", $"A policy needs between 1 and 6 conditions; it has {conditions.Count}."));
        }

        var combiner = (string?)policy["combiner"] ?? "COMBINE_UNSPECIFIED";
        if (!Combiners.Contains(combiner))
        {
            violations.Add(("combiner", $"Invalid combiner '{combiner}'."));
        }
        else if (combiner == "COMBINE_UNSPECIFIED" && conditions.Count > 1)
        {
            violations.Add(("combiner", "combiner is required when a policy has more than one condition."));
        }

        if ((string?)policy["severity"] is { } severity && !Severities.Contains(severity))
        {
            violations.Add(("severity", $"Invalid severity '{severity}'."));
        }

        var kinds = new List<string?>();
        for (var i = 0; i < conditions.Count; i++)
        {
            kinds.Add(AlertConditionValidator.Validate(conditions[i] as JsonObject ?? [], $"conditions[{i}]", violations));
        }

        // conditions: "If condition_monitoring_query_language is present, it must be the only condition";
        // Condition.conditionMatchedLog: "If set, no other conditions can be present" (the API's words:
        // "Alert policies with a log matching condition can only have a single condition").
        foreach (var only in new[] { "conditionMonitoringQueryLanguage", "conditionMatchedLog" })
        {
            if (kinds.Contains(only) && conditions.Count > 1)
            {
                violations.Add(("conditions", $"Alert policies with a {only} condition can only have a single condition."));
            }
        }

        // AlertStrategy.notificationRateLimit: "Required for log-based alerting policies".
        if (kinds.Contains("conditionMatchedLog") && policy["alertStrategy"]?["notificationRateLimit"]?["period"] is null)
        {
            violations.Add(("alertStrategy.notificationRateLimit", "Log-based alert policies need alertStrategy.notificationRateLimit.period."));
        }

        ValidateDocumentation(policy["documentation"] as JsonObject, violations);
        ValidateUserLabels(policy["userLabels"] as JsonObject, violations);
        ValidateStrategy(policy["alertStrategy"] as JsonObject, violations);
        return violations;
    }

    public static void ThrowIfInvalid(JsonObject policy)
    {
        var violations = Validate(policy);
        if (violations.Count > 0)
        {
            throw GoogleErrors.InvalidArgument($"Field {violations[0].Field} is invalid: {violations[0].Description}", violations);
        }
    }

    private static void ValidateDocumentation(JsonObject? documentation, List<(string, string)> violations)
    {
        if (documentation is null)
        {
            return;
        }

        // mimeType: 'Presently, only the value "text/markdown" is supported.'
        if ((string?)documentation["mimeType"] is { } mimeType && mimeType != "text/markdown")
        {
            violations.Add(("documentation.mimeType", "The only supported documentation mimeType is text/markdown."));
        }

        // content: "may not exceed 8,192 Unicode characters and may not exceed more than 10,240 bytes";
        // subject: "may not exceed 10,240 bytes".
        if ((string?)documentation["content"] is { } content && (content.Length > 8192 || Encoding.UTF8.GetByteCount(content) > 10240))
        {
            violations.Add(("documentation.content", "The documentation content may not exceed 8,192 characters or 10,240 bytes."));
        }

        if ((string?)documentation["subject"] is { } subject && Encoding.UTF8.GetByteCount(subject) > 10240)
        {
            violations.Add(("documentation.subject", "The subject line may not exceed 10,240 bytes."));
        }

        // links: "can contain up to 3 entries"; Link.displayName: "must not be empty or exceed 63 characters".
        var links = documentation["links"] as JsonArray ?? [];
        if (links.Count > 3)
        {
            violations.Add(("documentation.links", "documentation.links can contain up to 3 entries."));
        }

        for (var i = 0; i < links.Count; i++)
        {
            if ((string?)links[i]?["displayName"] is not { Length: > 0 and <= 63 })
            {
                violations.Add(($"documentation.links[{i}].displayName", "A link's display name must not be empty or exceed 63 characters."));
            }
        }
    }

    private static void ValidateUserLabels(JsonObject? labels, List<(string, string)> violations)
    {
        // userLabels: "up to 64 entries. Each key and value is limited to 63 Unicode characters ... only
        // lowercase letters, numerals, underscores, and dashes. Keys must begin with a letter."
        if (labels is null)
        {
            return;
        }

        if (labels.Count > 64)
        {
            violations.Add(("userLabels", "userLabels can contain up to 64 entries."));
        }

        foreach (var (key, value) in labels)
        {
            if (!LabelKey().IsMatch(key) || (value is not null && !LabelValue().IsMatch((string?)value ?? "")))
            {
                violations.Add(($"userLabels.{key}", "Label keys and values may only contain lowercase letters, numerals, underscores and dashes (at most 63); keys must begin with a letter."));
            }
        }
    }

    private static void ValidateStrategy(JsonObject? strategy, List<(string, string)> violations)
    {
        // NotificationChannelStrategy.renotifyInterval: "must be between 30 minutes and 24 hours".
        var perChannel = strategy?["notificationChannelStrategy"] as JsonArray ?? [];
        for (var i = 0; i < perChannel.Count; i++)
        {
            if ((string?)perChannel[i]?["renotifyInterval"] is { } text
                && (!GoogleJson.TryParseDuration(text, out var interval) || interval < TimeSpan.FromMinutes(30) || interval > TimeSpan.FromHours(24)))
            {
                violations.Add(($"alertStrategy.notificationChannelStrategy[{i}].renotifyInterval", "renotifyInterval must be between 30 minutes and 24 hours."));
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^[a-z0-9_-]{0,63}$")]
    private static partial Regex LabelValue();
}
