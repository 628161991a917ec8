using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>The AlertPolicy rules the API enforces (monitoring-v3 discovery descriptions): display name,
/// 1..6 conditions each with exactly one kind, a combiner for several conditions, threshold/absence
/// filters naming a metric type and a resource type, durations in whole minutes, alignment periods of at
/// least 60s, log-match policies with a notification rate limit, known enum values.</summary>
internal static class AlertPolicyValidator
{
    public static readonly string[] ConditionKinds =
    [
        "conditionThreshold", "conditionAbsent", "conditionMatchedLog", "conditionMonitoringQueryLanguage",
        "conditionPrometheusQueryLanguage", "conditionSql",
    ];

    private static readonly string[] Combiners = ["AND", "OR", "AND_WITH_MATCHING_RESOURCE"];
    private static readonly string[] Comparisons = ["COMPARISON_GT", "COMPARISON_GE", "COMPARISON_LT", "COMPARISON_LE", "COMPARISON_EQ", "COMPARISON_NE"];
    private static readonly string[] Severities = ["CRITICAL", "ERROR", "WARNING"];

    public static List<(string Field, string Description)> Validate(JsonObject policy)
    {
        var violations = new List<(string, string)>();
        if ((string?)policy["displayName"] is not { Length: > 0 })
        {
            violations.Add(("displayName", "displayName is required."));
        }
        var conditions = policy["conditions"] as JsonArray ?? [];
        if (conditions.Count is < 1 or > 6)
        {
            violations.Add(("conditions", $"A policy needs between 1 and 6 conditions; it has {conditions.Count}."));
        }
        var combiner = (string?)policy["combiner"];
        if (combiner is not null && !Combiners.Contains(combiner))
        {
            violations.Add(("combiner", $"Invalid combiner '{combiner}'."));
        }
        else if (combiner is null && conditions.Count > 1)
        {
            violations.Add(("combiner", "combiner is required when a policy has more than one condition."));
        }
        if ((string?)policy["severity"] is { } severity && !Severities.Contains(severity))
        {
            violations.Add(("severity", $"Invalid severity '{severity}'."));
        }
        if ((string?)policy["documentation"]?["mimeType"] is { } mimeType && mimeType != "text/markdown")
        {
            violations.Add(("documentation.mimeType", "The only supported documentation mimeType is text/markdown."));
        }
        for (var i = 0; i < conditions.Count; i++)
        {
            ValidateCondition(conditions[i] as JsonObject ?? [], $"conditions[{i}]", policy, violations);
        }
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

    private static void ValidateCondition(JsonObject condition, string path, JsonObject policy, List<(string, string)> violations)
    {
        if ((string?)condition["displayName"] is not { Length: > 0 })
        {
            violations.Add(($"{path}.displayName", "Each condition needs a displayName."));
        }
        var kinds = ConditionKinds.Where(k => condition[k] is not null).ToList();
        if (kinds.Count != 1)
        {
            violations.Add((path, $"A condition must set exactly one of {string.Join(", ", ConditionKinds)}; it sets {kinds.Count}."));
            return;
        }
        var kind = kinds[0];
        var body = condition[kind] as JsonObject ?? [];
        var at = $"{path}.{kind}";
        switch (kind)
        {
            case "conditionThreshold":
                RequireMetricFilter(body, "filter", at, violations);
                if ((string?)body["denominatorFilter"] is { Length: > 0 })
                {
                    RequireMetricFilter(body, "denominatorFilter", at, violations);
                }
                if ((string?)body["comparison"] is not { } comparison || !Comparisons.Contains(comparison))
                {
                    violations.Add(($"{at}.comparison", "comparison must be one of " + string.Join(", ", Comparisons) + "."));
                }
                RequireMinuteDuration(body, at, violations, allowZero: true);
                ValidateAggregations(body["aggregations"] as JsonArray, $"{at}.aggregations", violations);
                ValidateAggregations(body["denominatorAggregations"] as JsonArray, $"{at}.denominatorAggregations", violations);
                break;
            case "conditionAbsent":
                RequireMetricFilter(body, "filter", at, violations);
                RequireMinuteDuration(body, at, violations, allowZero: false);
                ValidateAggregations(body["aggregations"] as JsonArray, $"{at}.aggregations", violations);
                break;
            case "conditionMonitoringQueryLanguage":
            case "conditionPrometheusQueryLanguage":
                if ((string?)body["query"] is not { Length: > 0 })
                {
                    violations.Add(($"{at}.query", "query is required."));
                }
                if (body["duration"] is not null)
                {
                    RequireMinuteDuration(body, at, violations, allowZero: true);
                }
                break;
            case "conditionMatchedLog":
                if ((string?)body["filter"] is not { Length: > 0 })
                {
                    violations.Add(($"{at}.filter", "filter is required."));
                }
                if (policy["alertStrategy"]?["notificationRateLimit"]?["period"] is null)
                {
                    violations.Add(("alertStrategy.notificationRateLimit", "Log-based alert policies need alertStrategy.notificationRateLimit.period."));
                }
                break;
            case "conditionSql":
                if ((string?)body["query"] is not { Length: > 0 })
                {
                    violations.Add(($"{at}.query", "query is required."));
                }
                break;
        }
    }

    private static void RequireMetricFilter(JsonObject body, string key, string at, List<(string, string)> violations)
    {
        var filter = (string?)body[key];
        if (string.IsNullOrWhiteSpace(filter))
        {
            violations.Add(($"{at}.{key}", $"{key} is required."));
        }
        else if (!filter.Contains("metric.type", StringComparison.Ordinal) || !filter.Contains("resource.type", StringComparison.Ordinal))
        {
            violations.Add(($"{at}.{key}", $"The filter must specify the metric type and the resource type: {filter}"));
        }
    }

    private static void RequireMinuteDuration(JsonObject body, string at, List<(string, string)> violations, bool allowZero)
    {
        var text = (string?)body["duration"];
        if (!GoogleJson.TryParseDuration(text, out var duration) || duration < TimeSpan.Zero)
        {
            violations.Add(($"{at}.duration", $"duration is required, as seconds like \"60s\" (got {text ?? "nothing"})."));
        }
        else if (duration.Ticks % TimeSpan.TicksPerMinute != 0 || (!allowZero && duration == TimeSpan.Zero))
        {
            violations.Add(($"{at}.duration", $"duration must be a {(allowZero ? "" : "non-zero ")}multiple of 60s (got {text})."));
        }
    }

    private static void ValidateAggregations(JsonArray? aggregations, string at, List<(string, string)> violations)
    {
        for (var i = 0; i < (aggregations?.Count ?? 0); i++)
        {
            var period = (string?)aggregations![i]?["alignmentPeriod"];
            if (period is not null && (!GoogleJson.TryParseDuration(period, out var value) || value < TimeSpan.FromSeconds(60)))
            {
                violations.Add(($"{at}[{i}].alignmentPeriod", $"alignmentPeriod must be at least 60s (got {period})."));
            }
        }
    }
}
