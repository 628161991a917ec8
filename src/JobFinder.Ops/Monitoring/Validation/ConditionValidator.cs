using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Validation;

/// <summary>Rules for one condition: a display name, exactly one kind, and per kind what the API requires.
/// Each rule quotes the field doc of ../shared/api/monitoring-v3.json (or names the API error it mirrors),
/// the same rules the emulator applies, none stricter than Google's.</summary>
internal static class ConditionValidator
{
    private const int MaxFilter = 2048;
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    /// <summary>MetricThreshold.comparison: "Only COMPARISON_LT and COMPARISON_GT are supported
    /// currently" (the API refuses the others: hashicorp/terraform-provider-google#16862).</summary>
    private static readonly string[] s_thresholdComparisons = ["COMPARISON_GT", "COMPARISON_LT"];

    /// <summary>Validates and returns the condition's kind (<c>conditionThreshold</c>...).</summary>
    public static string Validate(JsonObject condition, string path, SourcePositions source, string policyName, int conditionCount)
    {
        // Condition.displayName names the condition in incidents and notifications; the API refuses a
        // condition without one (INVALID_ARGUMENT), so the plan's unnamed conditions fail here, with the fix.
        if (string.IsNullOrWhiteSpace(condition["displayName"]?.GetValue<string>()))
        {
            var suggestion = conditionCount == 1 ? policyName : $"{policyName} {path[path.IndexOf('[')..]}";
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{path}.displayName",
                $"is required: the API refuses a condition without a display name. Add 'displayName: {suggestion}' to the condition (next to its kind).");
        }

        // Condition: the condition kinds are a oneof; the API answers "Condition subtype ... is absent or
        // unknown" without one.
        var present = AlertPolicySchema.ConditionKinds.Where(condition.ContainsKey).ToArray();
        if (present.Length != 1)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, path, present.Length == 0
                ? $"must have one condition kind: threshold (conditionThreshold), {string.Join(", ", AlertPolicySchema.ConditionKinds.Where(k => k != "conditionThreshold"))}."
                : $"has {string.Join(" and ", present)}; a condition has exactly one kind.");
        }

        var kind = present[0];
        var body = (JsonObject)condition[kind]!;
        var at = $"{path}.{kind}";
        switch (kind)
        {
            case "conditionThreshold":
                Threshold(body, at, source);
                break;
            case "conditionAbsent":
                // MetricAbsence.filter as MetricThreshold.filter; duration: "The minimum value of this field
                // is 120 seconds. Larger values that are a multiple of a minute ... are supported."
                Filter(body, "filter", at, source, required: true, needsResourceType: true);
                var absentFor = RequiredDuration(body, "duration", at, source);
                if (absentFor < TimeSpan.FromSeconds(120))
                {
                    throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.duration", "must be at least 120s for an absence condition.");
                }

                Aggregations(body["aggregations"] as JsonArray, $"{at}.aggregations", source);
                Trigger(body, at, source);
                break;
            case "conditionMonitoringQueryLanguage":
                // MonitoringQueryLanguageCondition.duration: "only values that are a multiple of a minute";
                // evaluationMissingData: the API answers "Conditions setting evaluation_missing_data must
                // have a non-zero duration".
                RequiredText(body, "query", at, source);
                var mqlFor = OptionalMinutes(body, "duration", at, source) ?? TimeSpan.Zero;
                MissingDataNeedsDuration(body, mqlFor, at, source);
                Trigger(body, at, source);
                break;
            case "conditionPrometheusQueryLanguage":
                Prometheus(body, at, source);
                break;
            case "conditionMatchedLog":
                // LogMatch.filter: "Required."
                RequiredText(body, "filter", at, source);
                break;
            case "conditionSql":
                Sql(body, at, source);
                break;
        }

        return kind;
    }

    private static void Threshold(JsonObject threshold, string at, SourcePositions source)
    {
        // MetricThreshold.filter: "Required ... must specify the metric type and the resource type";
        // denominatorFilter: "must specify the metric type and optionally may contain restrictions on
        // resource type".
        Filter(threshold, "filter", at, source, required: true, needsResourceType: true);
        var comparison = threshold["comparison"]?.GetValue<string>() ?? "COMPARISON_UNSPECIFIED";
        if (!s_thresholdComparisons.Contains(comparison))
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.comparison", comparison == "COMPARISON_UNSPECIFIED"
                ? "is required: COMPARISON_GT or COMPARISON_LT."
                : $"{comparison} is not supported by the API for threshold conditions (only COMPARISON_GT and COMPARISON_LT): {comparison switch
                {
                    "COMPARISON_GE" => "write COMPARISON_GT with a slightly lower thresholdValue",
                    "COMPARISON_LE" => "write COMPARISON_LT with a slightly higher thresholdValue",
                    _ => "write COMPARISON_GT or COMPARISON_LT",
                }}.");
        }

        // MetricThreshold.duration: "Required ... only values that are a multiple of a minute".
        var duration = RequiredDuration(threshold, "duration", at, source);
        Aggregations(threshold["aggregations"] as JsonArray, $"{at}.aggregations", source);
        var hasDenominator = Filter(threshold, "denominatorFilter", at, source, required: false, needsResourceType: false);
        if (threshold["denominatorAggregations"] is JsonArray denominatorAggregations)
        {
            if (!hasDenominator)
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.denominatorAggregations", "needs a denominatorFilter.");
            }

            Aggregations(denominatorAggregations, $"{at}.denominatorAggregations", source);
            // denominatorAggregations: "the aggregations and denominator_aggregations fields must use the
            // same alignment period".
            if (Period(threshold["aggregations"]) is { } numerator && Period(denominatorAggregations) is { } denominator && numerator != denominator)
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.denominatorAggregations", $"must use the alignment period of aggregations ({numerator}), not {denominator}.");
            }
        }

        // ForecastOptions.forecastHorizon: "Required ... can range from 1 hour to 60 hours."
        if (threshold["forecastOptions"] is JsonObject forecast)
        {
            var horizon = Duration(forecast, "forecastHorizon", $"{at}.forecastOptions", source);
            if (horizon is not { } h || h < TimeSpan.FromHours(1) || h > TimeSpan.FromHours(60))
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.forecastOptions.forecastHorizon", "is required, from 3600s (1 hour) to 216000s (60 hours).");
            }
        }

        Trigger(threshold, at, source);
        // evaluationMissingData: "the value of the duration field must be greater than or equal to 60 seconds".
        MissingDataNeedsDuration(threshold, duration, at, source);
    }

    private static void Prometheus(JsonObject body, string at, SourcePositions source)
    {
        // PrometheusQueryLanguageCondition.query: "Required ... must not be empty"; duration: "Must be a
        // non-negative duration or missing"; evaluationInterval: "Must be a positive multiple of 30 seconds
        // or missing"; ruleGroup and alertRule: "may not exceed 2048 Unicode characters", alertRule "must be
        // a valid Prometheus label name"; labels: "Label names must be valid".
        RequiredText(body, "query", at, source);
        if (Duration(body, "evaluationInterval", at, source) is { } interval && (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.FromSeconds(30).Ticks != 0))
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.evaluationInterval", "must be a positive multiple of 30s.");
        }

        if (Duration(body, "duration", at, source) is { } promFor && promFor < TimeSpan.Zero)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.duration", "must not be negative.");
        }

        if (body["ruleGroup"]?.GetValue<string>() is { Length: > MaxFilter })
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.ruleGroup", $"is longer than {MaxFilter} characters.");
        }

        if (body["alertRule"]?.GetValue<string>() is { Length: > 0 } rule && (rule.Length > MaxFilter || !GcpNames.IsPrometheusLabelName(rule)))
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.alertRule", $"'{rule}' must be a Prometheus label name (letters, digits and '_', not starting with a digit).");
        }

        foreach (var (label, _) in body["labels"] as JsonObject ?? [])
        {
            if (!GcpNames.IsPrometheusLabelName(label))
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.labels.{label}", "is not a Prometheus label name (letters, digits and '_', not starting with a digit).");
            }
        }
    }

    private static void Sql(JsonObject body, string at, SourcePositions source)
    {
        // SqlCondition: query "Required"; one schedule (minutes, hourly, daily: a oneof) and one test
        // (rowCountTest, booleanTest); Minutes.periodicity 5..1440, Hourly.periodicity 1..48 and
        // minuteOffset 0..59, Daily.periodicity 1..31; RowCountTest comparison and threshold "Required";
        // BooleanTest.column "Required".
        RequiredText(body, "query", at, source);
        var schedule = ExactlyOne(body, ["minutes", "hourly", "daily"], at, source, "schedule");
        var (low, high) = schedule switch { "minutes" => (5, 1440), "hourly" => (1, 48), _ => (1, 31) };
        var every = (JsonObject)body[schedule]!;
        if (every["periodicity"]?.GetValue<int>() is not { } periodicity || periodicity < low || periodicity > high)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{schedule}.periodicity", $"is required, from {low} to {high}.");
        }

        if (every["minuteOffset"]?.GetValue<int>() is { } offset && offset is < 0 or > 59)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{schedule}.minuteOffset", "must be from 0 to 59.");
        }

        var test = ExactlyOne(body, ["rowCountTest", "booleanTest"], at, source, "test");
        var fields = test == "rowCountTest" ? new[] { "comparison", "threshold" } : ["column"];
        foreach (var field in fields)
        {
            if (string.IsNullOrWhiteSpace(body[test]?[field]?.ToString()) || body[test]?[field]?.ToString() == "COMPARISON_UNSPECIFIED")
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{test}.{field}", "is required.");
            }
        }
    }

    /// <summary>A monitoring filter must name the metric type (and, for the main filter, the resource
    /// type) and be at most 2048 characters.</summary>
    private static bool Filter(JsonObject body, string field, string at, SourcePositions source, bool required, bool needsResourceType)
    {
        var filter = body[field]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return required ? throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{field}", "is required.") : false;
        }

        if (filter.Length > MaxFilter)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{field}", $"has {filter.Length} characters; the API allows {MaxFilter}.");
        }

        foreach (var needed in needsResourceType ? new[] { "metric.type", "resource.type" } : ["metric.type"])
        {
            if (!filter.Contains(needed, StringComparison.Ordinal))
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{field}", $"must name the {needed} (for example resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_count\").");
            }
        }

        return true;
    }

    private static void Aggregations(JsonArray? aggregations, string at, SourcePositions source)
    {
        if (aggregations is null)
        {
            return;
        }

        // Aggregation.alignmentPeriod: "must be at least 60 seconds. If a per-series aligner other than
        // ALIGN_NONE is specified, this field is required ... The maximum value ... 90,000 seconds (25
        // hours) for alerting policies." crossSeriesReducer: "per_series_aligner must be specified, and
        // must not be ALIGN_NONE. An alignment_period must also be specified". (groupByFields without a
        // reducer is ignored, not refused: "If cross_series_reducer is not defined, this field is ignored.")
        for (var i = 0; i < aggregations.Count; i++)
        {
            var aggregation = (JsonObject)aggregations[i]!;
            var path = $"{at}[{i}]";
            var period = Duration(aggregation, "alignmentPeriod", path, source);
            if (period is { } p && (p < s_minute || p > TimeSpan.FromSeconds(90000)))
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{path}.alignmentPeriod", $"must be from 60s to 90000s (25 hours) in an alert policy, not {GoogleDurationConverter.Format(p)}.");
            }

            var aligner = aggregation["perSeriesAligner"]?.GetValue<string>() ?? "ALIGN_NONE";
            var reducer = aggregation["crossSeriesReducer"]?.GetValue<string>() ?? "REDUCE_NONE";
            if (aligner != "ALIGN_NONE" && period is null)
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{path}.alignmentPeriod", $"is required with perSeriesAligner {aligner}.");
            }

            if (reducer != "REDUCE_NONE" && aligner == "ALIGN_NONE")
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{path}.perSeriesAligner", $"is required with crossSeriesReducer {reducer}.");
            }
        }
    }

    private static string? Period(JsonNode? aggregations) =>
        (aggregations as JsonArray)?.Select(a => a?["alignmentPeriod"]?.GetValue<string>()).FirstOrDefault(p => p is not null);

    private static void Trigger(JsonObject body, string at, SourcePositions source)
    {
        // Trigger: count or percent (a oneof); a percentage is 0..100.
        if (body["trigger"] is not JsonObject trigger)
        {
            return;
        }

        var hasCount = trigger.ContainsKey("count");
        var hasPercent = trigger.ContainsKey("percent");
        if (hasCount && hasPercent)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.trigger", "takes count or percent, not both.");
        }

        if (hasCount && trigger["count"]!.GetValue<int>() < 0)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.trigger.count", "must not be negative.");
        }

        if (hasPercent && trigger["percent"]!.GetValue<double>() is < 0 or > 100)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.trigger.percent", "must be between 0 and 100.");
        }
    }

    private static void MissingDataNeedsDuration(JsonObject body, TimeSpan duration, string at, SourcePositions source)
    {
        if (body["evaluationMissingData"]?.GetValue<string>() is { } value && value != "EVALUATION_MISSING_DATA_UNSPECIFIED" && duration < s_minute)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.evaluationMissingData", "needs a duration of at least 60s.");
        }
    }

    private static TimeSpan RequiredDuration(JsonObject body, string field, string at, SourcePositions source) =>
        OptionalMinutes(body, field, at, source) ?? throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{field}", "is required (a multiple of 60s, e.g. \"300s\"; \"0s\" alerts at once).");

    private static TimeSpan? OptionalMinutes(JsonObject body, string field, string at, SourcePositions source)
    {
        var value = Duration(body, field, at, source);
        if (value is { } d && (d < TimeSpan.Zero || d.Ticks % s_minute.Ticks != 0))
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{field}", $"must be a whole number of minutes (0s, 60s, 120s, 300s...), not {GoogleDurationConverter.Format(d)}.");
        }

        return value;
    }

    private static TimeSpan? Duration(JsonObject body, string field, string at, SourcePositions source)
    {
        var text = body[field]?.GetValue<string>();
        if (text is null)
        {
            return null;
        }

        return GoogleDurationConverter.TryParse(text, out var value)
            ? value
            : throw source.Error(MonitoringErrorIds.FieldInvalid, $"{at}.{field}", $"must be a duration such as \"300s\", not '{text}'.");
    }

    private static void RequiredText(JsonObject body, string field, string at, SourcePositions source)
    {
        if (string.IsNullOrWhiteSpace(body[field]?.GetValue<string>()))
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{field}", "is required.");
        }
    }

    private static string ExactlyOne(JsonObject body, string[] fields, string at, SourcePositions source, string what)
    {
        var present = fields.Where(body.ContainsKey).ToArray();
        return present.Length == 1
            ? present[0]
            : throw source.Error(MonitoringErrorIds.ConditionInvalid, at, $"needs exactly one {what}: {string.Join(", ", fields)}.");
    }
}
