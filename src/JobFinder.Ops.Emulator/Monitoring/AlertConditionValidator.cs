using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Monitoring;

/// <summary>The condition rules of the AlertPolicy API, per kind, each quoting the field doc of
/// ../shared/api/monitoring-v3.json (Condition, MetricThreshold, MetricAbsence, LogMatch,
/// MonitoringQueryLanguageCondition, PrometheusQueryLanguageCondition, SqlCondition, Aggregation,
/// Trigger) or naming the API error it mirrors.</summary>
internal static partial class AlertConditionValidator
{
    public static readonly string[] ConditionKinds =
    [
        "conditionThreshold", "conditionAbsent", "conditionMatchedLog", "conditionMonitoringQueryLanguage",
        "conditionPrometheusQueryLanguage", "conditionSql",
    ];

    // MetricThreshold.comparison: "Only COMPARISON_LT and COMPARISON_GT are supported currently" (the API
    // refuses COMPARISON_GE: hashicorp/terraform-provider-google#16862).
    private static readonly string[] ThresholdComparisons = ["COMPARISON_GT", "COMPARISON_LT"];

    /// <summary>Adds the condition's violations and returns its kind (null when it has not exactly one).</summary>
    public static string? Validate(JsonObject condition, string path, List<(string, string)> violations)
    {
        // Condition.displayName: the API refuses a condition without one (INVALID_ARGUMENT).
        if ((string?)condition["displayName"] is not { Length: > 0 })
        {
            violations.Add(($"{path}.displayName", "Each condition needs a displayName."));
        }

        // The kinds are a oneof: "Condition subtype (e.g. "condition_absent","condition_threshold", etc.) is
        // absent or unknown" without one.
        var kinds = ConditionKinds.Where(k => condition[k] is not null).ToList();
        if (kinds.Count != 1)
        {
            violations.Add((path, $"A condition must set exactly one of {string.Join(", ", ConditionKinds)}; it sets {kinds.Count}."));
            return null;
        }

        var kind = kinds[0];
        var body = condition[kind] as JsonObject ?? [];
        var at = $"{path}.{kind}";
        switch (kind)
        {
            case "conditionThreshold":
                Threshold(body, at, violations);
                break;
            case "conditionAbsent":
                // MetricAbsence.duration: "The minimum value of this field is 120 seconds. Larger values that
                // are a multiple of a minute ... are supported."
                RequireFilter(body, "filter", at, violations, needsResourceType: true);
                if (RequireMinutes(body, at, violations, required: true) is { } absentFor && absentFor < TimeSpan.FromSeconds(120))
                {
                    violations.Add(($"{at}.duration", "The minimum duration of an absence condition is 120s."));
                }

                ValidateAggregations(body["aggregations"] as JsonArray, $"{at}.aggregations", violations);
                ValidateTrigger(body, at, violations);
                break;
            case "conditionMonitoringQueryLanguage":
                // duration: "only values that are a multiple of a minute"; evaluationMissingData: "Conditions
                // setting evaluation_missing_data must have a non-zero duration."
                RequireText(body, "query", at, violations);
                var mqlFor = RequireMinutes(body, at, violations, required: false) ?? TimeSpan.Zero;
                MissingDataNeedsDuration(body, mqlFor, at, violations);
                ValidateTrigger(body, at, violations);
                break;
            case "conditionPrometheusQueryLanguage":
                Prometheus(body, at, violations);
                break;
            case "conditionMatchedLog":
                // LogMatch.filter: "Required."
                RequireText(body, "filter", at, violations);
                break;
            case "conditionSql":
                Sql(body, at, violations);
                break;
        }

        return kind;
    }

    private static void Threshold(JsonObject body, string at, List<(string, string)> violations)
    {
        // filter: "must specify the metric type and the resource type"; denominatorFilter: "must specify the
        // metric type and optionally may contain restrictions on resource type".
        RequireFilter(body, "filter", at, violations, needsResourceType: true);
        if ((string?)body["denominatorFilter"] is { Length: > 0 })
        {
            RequireFilter(body, "denominatorFilter", at, violations, needsResourceType: false);
        }

        if ((string?)body["comparison"] is not { } comparison || !ThresholdComparisons.Contains(comparison))
        {
            violations.Add(($"{at}.comparison", "Only COMPARISON_LT and COMPARISON_GT are supported."));
        }

        // duration: "Required ... only values that are a multiple of a minute".
        var duration = RequireMinutes(body, at, violations, required: true) ?? TimeSpan.Zero;
        var numerator = ValidateAggregations(body["aggregations"] as JsonArray, $"{at}.aggregations", violations);
        var denominator = ValidateAggregations(body["denominatorAggregations"] as JsonArray, $"{at}.denominatorAggregations", violations);
        // denominatorAggregations: "must use the same alignment period" as aggregations.
        if (numerator is not null && denominator is not null && numerator != denominator)
        {
            violations.Add(($"{at}.denominatorAggregations", "aggregations and denominatorAggregations must use the same alignment period."));
        }

        // ForecastOptions.forecastHorizon: "Required ... can range from 1 hour to 60 hours."
        if (body["forecastOptions"] is JsonObject forecast
            && (!GoogleJson.TryParseDuration((string?)forecast["forecastHorizon"], out var horizon) || horizon < TimeSpan.FromHours(1) || horizon > TimeSpan.FromHours(60)))
        {
            violations.Add(($"{at}.forecastOptions.forecastHorizon", "forecastHorizon must range from 1 hour to 60 hours."));
        }

        ValidateTrigger(body, at, violations);
        // evaluationMissingData: "the value of the duration field must be greater than or equal to 60 seconds".
        MissingDataNeedsDuration(body, duration, at, violations);
    }

    private static void Prometheus(JsonObject body, string at, List<(string, string)> violations)
    {
        // query: "Required ... must not be empty"; duration: "Must be a non-negative duration or missing";
        // evaluationInterval: "Must be a positive multiple of 30 seconds or missing"; ruleGroup and
        // alertRule: at most 2048 characters, alertRule "a valid Prometheus label name"; labels: "Label
        // names must be valid".
        RequireText(body, "query", at, violations);
        if ((string?)body["duration"] is { } text && (!GoogleJson.TryParseDuration(text, out var promFor) || promFor < TimeSpan.Zero))
        {
            violations.Add(($"{at}.duration", $"duration must be a non-negative duration (got {text})."));
        }

        if ((string?)body["evaluationInterval"] is { } interval
            && (!GoogleJson.TryParseDuration(interval, out var every) || every <= TimeSpan.Zero || every.Ticks % TimeSpan.FromSeconds(30).Ticks != 0))
        {
            violations.Add(($"{at}.evaluationInterval", $"evaluationInterval must be a positive multiple of 30 seconds (got {interval})."));
        }

        if ((string?)body["ruleGroup"] is { Length: > 2048 })
        {
            violations.Add(($"{at}.ruleGroup", "ruleGroup may not exceed 2048 characters."));
        }

        if ((string?)body["alertRule"] is { Length: > 0 } rule && (rule.Length > 2048 || !PrometheusLabel().IsMatch(rule)))
        {
            violations.Add(($"{at}.alertRule", "alertRule must be a valid Prometheus label name."));
        }

        foreach (var (label, _) in body["labels"] as JsonObject ?? [])
        {
            if (!PrometheusLabel().IsMatch(label))
            {
                violations.Add(($"{at}.labels.{label}", "Label names must be valid Prometheus label names."));
            }
        }
    }

    private static void Sql(JsonObject body, string at, List<(string, string)> violations)
    {
        // SqlCondition: query "Required"; schedule and test are oneofs; Minutes.periodicity 5..1440,
        // Hourly.periodicity 1..48 (minuteOffset 0..59), Daily.periodicity 1..31; RowCountTest comparison
        // and threshold "Required"; BooleanTest.column "Required".
        RequireText(body, "query", at, violations);
        var schedules = new[] { ("minutes", 5, 1440), ("hourly", 1, 48), ("daily", 1, 31) }.Where(s => body[s.Item1] is not null).ToArray();
        if (schedules.Length != 1)
        {
            violations.Add((at, "A SQL condition needs exactly one schedule: minutes, hourly or daily."));
        }
        else
        {
            var (field, low, high) = schedules[0];
            if (GoogleJson.ReadInt64(body[field]!["periodicity"]) is not { } periodicity || periodicity < low || periodicity > high)
            {
                violations.Add(($"{at}.{field}.periodicity", $"periodicity is required and must be from {low} to {high}."));
            }

            if (GoogleJson.ReadInt64(body[field]!["minuteOffset"]) is { } offset && offset is < 0 or > 59)
            {
                violations.Add(($"{at}.{field}.minuteOffset", "minuteOffset must be from 0 to 59."));
            }
        }

        var tests = new[] { "rowCountTest", "booleanTest" }.Where(t => body[t] is not null).ToArray();
        if (tests.Length != 1)
        {
            violations.Add((at, "A SQL condition needs exactly one test: rowCountTest or booleanTest."));
        }
        else if (tests[0] == "rowCountTest" && ((string?)body["rowCountTest"]!["comparison"] is null or "COMPARISON_UNSPECIFIED" || body["rowCountTest"]!["threshold"] is null))
        {
            violations.Add(($"{at}.rowCountTest", "rowCountTest needs a comparison and a threshold."));
        }
        else if (tests[0] == "booleanTest" && (string?)body["booleanTest"]!["column"] is not { Length: > 0 })
        {
            violations.Add(($"{at}.booleanTest.column", "column is required."));
        }
    }

    private static void RequireText(JsonObject body, string key, string at, List<(string, string)> violations)
    {
        if ((string?)body[key] is not { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            violations.Add(($"{at}.{key}", $"{key} is required."));
        }
    }

    private static void RequireFilter(JsonObject body, string key, string at, List<(string, string)> violations, bool needsResourceType)
    {
        // filter: "This field must not exceed 2048 Unicode characters in length."
        var filter = (string?)body[key];
        if (string.IsNullOrWhiteSpace(filter))
        {
            violations.Add(($"{at}.{key}", $"{key} is required."));
        }
        else if (filter.Length > 2048)
        {
            violations.Add(($"{at}.{key}", $"{key} must not exceed 2048 characters."));
        }
        else if (!filter.Contains("metric.type", StringComparison.Ordinal) || (needsResourceType && !filter.Contains("resource.type", StringComparison.Ordinal)))
        {
            violations.Add(($"{at}.{key}", needsResourceType
                ? $"The filter must specify the metric type and the resource type: {filter}"
                : $"The filter must specify the metric type: {filter}"));
        }
    }

    private static TimeSpan? RequireMinutes(JsonObject body, string at, List<(string, string)> violations, bool required)
    {
        var text = (string?)body["duration"];
        if (text is null && !required)
        {
            return null;
        }

        if (!GoogleJson.TryParseDuration(text, out var duration) || duration < TimeSpan.Zero)
        {
            violations.Add(($"{at}.duration", $"duration is required, as seconds like \"60s\" (got {text ?? "nothing"})."));
            return null;
        }

        if (duration.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            violations.Add(($"{at}.duration", $"duration must be a multiple of 60s (got {text})."));
        }

        return duration;
    }

    private static void MissingDataNeedsDuration(JsonObject body, TimeSpan duration, string at, List<(string, string)> violations)
    {
        if ((string?)body["evaluationMissingData"] is { } value && value != "EVALUATION_MISSING_DATA_UNSPECIFIED" && duration < TimeSpan.FromMinutes(1))
        {
            violations.Add(($"{at}.evaluationMissingData", "Conditions setting evaluation_missing_data must have a duration of at least 60s."));
        }
    }

    /// <summary>Aggregation rules; returns the first alignment period (for the ratio check).</summary>
    private static string? ValidateAggregations(JsonArray? aggregations, string at, List<(string, string)> violations)
    {
        // alignmentPeriod: "must be at least 60 seconds. If a per-series aligner other than ALIGN_NONE is
        // specified, this field is required ... maximum ... 90,000 seconds (25 hours) for alerting
        // policies"; crossSeriesReducer: "per_series_aligner must be specified, and must not be ALIGN_NONE".
        string? first = null;
        for (var i = 0; i < (aggregations?.Count ?? 0); i++)
        {
            var aggregation = aggregations![i] as JsonObject ?? [];
            var period = (string?)aggregation["alignmentPeriod"];
            first ??= period;
            var aligner = (string?)aggregation["perSeriesAligner"] ?? "ALIGN_NONE";
            var reducer = (string?)aggregation["crossSeriesReducer"] ?? "REDUCE_NONE";
            if (period is not null && (!GoogleJson.TryParseDuration(period, out var value) || value < TimeSpan.FromSeconds(60) || value > TimeSpan.FromSeconds(90000)))
            {
                violations.Add(($"{at}[{i}].alignmentPeriod", $"alignmentPeriod must be from 60s to 90000s in an alerting policy (got {period})."));
            }
            else if (period is null && aligner != "ALIGN_NONE")
            {
                violations.Add(($"{at}[{i}].alignmentPeriod", $"alignmentPeriod is required with perSeriesAligner {aligner}."));
            }

            if (reducer != "REDUCE_NONE" && aligner == "ALIGN_NONE")
            {
                violations.Add(($"{at}[{i}].perSeriesAligner", $"crossSeriesReducer {reducer} needs a perSeriesAligner other than ALIGN_NONE."));
            }
        }

        return first;
    }

    private static void ValidateTrigger(JsonObject body, string at, List<(string, string)> violations)
    {
        // Trigger: count and percent are a oneof; a percentage is 0..100.
        if (body["trigger"] is not JsonObject trigger)
        {
            return;
        }

        if (trigger["count"] is not null && trigger["percent"] is not null)
        {
            violations.Add(($"{at}.trigger", "A trigger takes count or percent, not both."));
        }

        if (GoogleJson.ReadInt64(trigger["count"]) is < 0)
        {
            violations.Add(($"{at}.trigger.count", "count must not be negative."));
        }

        if (trigger["percent"] is JsonValue percent && percent.TryGetValue<double>(out var value) && value is < 0 or > 100)
        {
            violations.Add(($"{at}.trigger.percent", "percent must be between 0 and 100."));
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex PrometheusLabel();
}
