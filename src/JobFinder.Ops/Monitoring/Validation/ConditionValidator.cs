using System.Text.Json.Nodes;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Monitoring.Specs;

namespace JobFinder.Ops.Monitoring.Validation;

/// <summary>Rules for one condition: exactly one kind, and per kind what the API requires (filters that
/// name the metric and resource type, a comparison, durations in whole minutes, alignment periods of at
/// least 60 s, consistent aggregations, a trigger of count or percent).</summary>
internal static class ConditionValidator
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    /// <summary>Validates and returns the condition's kind (<c>conditionThreshold</c>...).</summary>
    public static string Validate(JsonObject condition, string path, SourcePositions source)
    {
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
                Filter(body, "filter", at, source, required: true);
                var absentFor = RequiredDuration(body, "duration", at, source);
                if (absentFor < TimeSpan.FromSeconds(120))
                {
                    throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.duration", "must be at least 120s for an absence condition.");
                }

                Aggregations(body["aggregations"] as JsonArray, $"{at}.aggregations", source);
                Trigger(body, at, source);
                break;
            case "conditionMonitoringQueryLanguage":
                RequiredText(body, "query", at, source);
                OptionalMinutes(body, "duration", at, source);
                Trigger(body, at, source);
                break;
            case "conditionPrometheusQueryLanguage":
                RequiredText(body, "query", at, source);
                if (Duration(body, "evaluationInterval", at, source) is { } interval && (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.FromSeconds(30).Ticks != 0))
                {
                    throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.evaluationInterval", "must be a positive multiple of 30s.");
                }

                if (Duration(body, "duration", at, source) is { } promFor && promFor < TimeSpan.Zero)
                {
                    throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.duration", "must not be negative.");
                }

                break;
            case "conditionMatchedLog":
                RequiredText(body, "filter", at, source);
                break;
            case "conditionSql":
                RequiredText(body, "query", at, source);
                ExactlyOne(body, ["minutes", "hourly", "daily"], at, source, "schedule");
                ExactlyOne(body, ["rowCountTest", "booleanTest"], at, source, "test");
                break;
        }

        return kind;
    }

    private static void Threshold(JsonObject threshold, string at, SourcePositions source)
    {
        Filter(threshold, "filter", at, source, required: true);
        if ((threshold["comparison"]?.GetValue<string>() ?? "COMPARISON_UNSPECIFIED") == "COMPARISON_UNSPECIFIED")
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.comparison", "is required (COMPARISON_GT, COMPARISON_GE, COMPARISON_LT, COMPARISON_LE, COMPARISON_EQ or COMPARISON_NE).");
        }

        if (!threshold.ContainsKey("thresholdValue") && !threshold.ContainsKey("forecastOptions"))
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.thresholdValue", "is required.");
        }

        var duration = RequiredDuration(threshold, "duration", at, source);
        Aggregations(threshold["aggregations"] as JsonArray, $"{at}.aggregations", source);
        var hasDenominator = Filter(threshold, "denominatorFilter", at, source, required: false);
        if (threshold["denominatorAggregations"] is JsonArray denominatorAggregations)
        {
            if (!hasDenominator)
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.denominatorAggregations", "needs a denominatorFilter.");
            }

            Aggregations(denominatorAggregations, $"{at}.denominatorAggregations", source);
        }

        Trigger(threshold, at, source);
        if (threshold.ContainsKey("evaluationMissingData") && duration < s_minute)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.evaluationMissingData", "needs a duration of at least 60s.");
        }
    }

    /// <summary>A monitoring filter must name both the metric type and the resource type.</summary>
    private static bool Filter(JsonObject body, string field, string at, SourcePositions source, bool required)
    {
        var filter = body[field]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return required ? throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{at}.{field}", "is required.") : false;
        }

        foreach (var needed in new[] { "metric.type", "resource.type" })
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

        for (var i = 0; i < aggregations.Count; i++)
        {
            var aggregation = (JsonObject)aggregations[i]!;
            var path = $"{at}[{i}]";
            var period = Duration(aggregation, "alignmentPeriod", path, source);
            if (period is { } p && p < s_minute)
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{path}.alignmentPeriod", $"must be at least 60s, not {GoogleDurationConverter.Format(p)}.");
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

            if (aggregation["groupByFields"] is JsonArray { Count: > 0 } && reducer == "REDUCE_NONE")
            {
                throw source.Error(MonitoringErrorIds.ConditionInvalid, $"{path}.groupByFields", "only apply with a crossSeriesReducer.");
            }
        }
    }

    private static void Trigger(JsonObject body, string at, SourcePositions source)
    {
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

    private static void ExactlyOne(JsonObject body, string[] fields, string at, SourcePositions source, string what)
    {
        var present = fields.Where(body.ContainsKey).ToArray();
        if (present.Length != 1)
        {
            throw source.Error(MonitoringErrorIds.ConditionInvalid, at, $"needs exactly one {what}: {string.Join(", ", fields)}.");
        }
    }
}
