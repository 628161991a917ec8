namespace JobFinder.Ops.Monitoring.Specs;

/// <summary>The AlertPolicy part of the Monitoring v3 discovery document (revision 20260129), reduced to
/// field names and types: every schema reachable from <c>AlertPolicy</c>, each property as
/// <c>{"type", "format", "enum", "items", "values"}</c> or <c>{"ref"}</c>. Generated from
/// <c>shared/api/monitoring-v3.json</c>; kept as data so the full-policy reader accepts exactly what the
/// API does (every condition kind, every enum value) without a hand-written model per condition.</summary>
internal static class AlertPolicySchemaSource
{
    public const string Json = """
{
    "AlertPolicy": {"alertStrategy":{"ref":"AlertStrategy"},"combiner":{"type":"string","enum":["COMBINE_UNSPECIFIED","AND","OR","AND_WITH_MATCHING_RESOURCE"]},"conditions":{"type":"array","items":{"ref":"Condition"}},"creationRecord":{"ref":"MutationRecord"},"displayName":{"type":"string"},"documentation":{"ref":"Documentation"},"enabled":{"type":"boolean"},"mutationRecord":{"ref":"MutationRecord"},"name":{"type":"string"},"notificationChannels":{"type":"array","items":{"type":"string"}},"severity":{"type":"string","enum":["SEVERITY_UNSPECIFIED","CRITICAL","ERROR","WARNING"]},"userLabels":{"type":"object","values":{"type":"string"}},"validity":{"ref":"Status"}},
    "AlertStrategy": {"autoClose":{"type":"string","format":"google-duration"},"notificationChannelStrategy":{"type":"array","items":{"ref":"NotificationChannelStrategy"}},"notificationPrompts":{"type":"array","items":{"type":"string","enum":["NOTIFICATION_PROMPT_UNSPECIFIED","OPENED","CLOSED"]}},"notificationRateLimit":{"ref":"NotificationRateLimit"}},
    "NotificationChannelStrategy": {"notificationChannelNames":{"type":"array","items":{"type":"string"}},"renotifyInterval":{"type":"string","format":"google-duration"}},
    "NotificationRateLimit": {"period":{"type":"string","format":"google-duration"}},
    "Condition": {"conditionAbsent":{"ref":"MetricAbsence"},"conditionMatchedLog":{"ref":"LogMatch"},"conditionMonitoringQueryLanguage":{"ref":"MonitoringQueryLanguageCondition"},"conditionPrometheusQueryLanguage":{"ref":"PrometheusQueryLanguageCondition"},"conditionSql":{"ref":"SqlCondition"},"conditionThreshold":{"ref":"MetricThreshold"},"displayName":{"type":"string"},"name":{"type":"string"}},
    "MetricAbsence": {"aggregations":{"type":"array","items":{"ref":"Aggregation"}},"duration":{"type":"string","format":"google-duration"},"filter":{"type":"string"},"trigger":{"ref":"Trigger"}},
    "Aggregation": {"alignmentPeriod":{"type":"string","format":"google-duration"},"crossSeriesReducer":{"type":"string","enum":["REDUCE_NONE","REDUCE_MEAN","REDUCE_MIN","REDUCE_MAX","REDUCE_SUM","REDUCE_STDDEV","REDUCE_COUNT","REDUCE_COUNT_TRUE","REDUCE_COUNT_FALSE","REDUCE_FRACTION_TRUE","REDUCE_PERCENTILE_99","REDUCE_PERCENTILE_95","REDUCE_PERCENTILE_50","REDUCE_PERCENTILE_05"]},"groupByFields":{"type":"array","items":{"type":"string"}},"perSeriesAligner":{"type":"string","enum":["ALIGN_NONE","ALIGN_DELTA","ALIGN_RATE","ALIGN_INTERPOLATE","ALIGN_NEXT_OLDER","ALIGN_MIN","ALIGN_MAX","ALIGN_MEAN","ALIGN_COUNT","ALIGN_SUM","ALIGN_STDDEV","ALIGN_COUNT_TRUE","ALIGN_COUNT_FALSE","ALIGN_FRACTION_TRUE","ALIGN_PERCENTILE_99","ALIGN_PERCENTILE_95","ALIGN_PERCENTILE_50","ALIGN_PERCENTILE_05","ALIGN_PERCENT_CHANGE"]}},
    "Trigger": {"count":{"type":"integer","format":"int32"},"percent":{"type":"number","format":"double"}},
    "LogMatch": {"filter":{"type":"string"},"labelExtractors":{"type":"object","values":{"type":"string"}}},
    "MonitoringQueryLanguageCondition": {"duration":{"type":"string","format":"google-duration"},"evaluationMissingData":{"type":"string","enum":["EVALUATION_MISSING_DATA_UNSPECIFIED","EVALUATION_MISSING_DATA_INACTIVE","EVALUATION_MISSING_DATA_ACTIVE","EVALUATION_MISSING_DATA_NO_OP"]},"query":{"type":"string"},"trigger":{"ref":"Trigger"}},
    "PrometheusQueryLanguageCondition": {"alertRule":{"type":"string"},"disableMetricValidation":{"type":"boolean"},"duration":{"type":"string","format":"google-duration"},"evaluationInterval":{"type":"string","format":"google-duration"},"labels":{"type":"object","values":{"type":"string"}},"query":{"type":"string"},"ruleGroup":{"type":"string"}},
    "SqlCondition": {"booleanTest":{"ref":"BooleanTest"},"daily":{"ref":"Daily"},"hourly":{"ref":"Hourly"},"minutes":{"ref":"Minutes"},"query":{"type":"string"},"rowCountTest":{"ref":"RowCountTest"}},
    "BooleanTest": {"column":{"type":"string"}},
    "Daily": {"executionTime":{"ref":"TimeOfDay"},"periodicity":{"type":"integer","format":"int32"}},
    "TimeOfDay": {"hours":{"type":"integer","format":"int32"},"minutes":{"type":"integer","format":"int32"},"nanos":{"type":"integer","format":"int32"},"seconds":{"type":"integer","format":"int32"}},
    "Hourly": {"minuteOffset":{"type":"integer","format":"int32"},"periodicity":{"type":"integer","format":"int32"}},
    "Minutes": {"periodicity":{"type":"integer","format":"int32"}},
    "RowCountTest": {"comparison":{"type":"string","enum":["COMPARISON_UNSPECIFIED","COMPARISON_GT","COMPARISON_GE","COMPARISON_LT","COMPARISON_LE","COMPARISON_EQ","COMPARISON_NE"]},"threshold":{"type":"string","format":"int64"}},
    "MetricThreshold": {"aggregations":{"type":"array","items":{"ref":"Aggregation"}},"comparison":{"type":"string","enum":["COMPARISON_UNSPECIFIED","COMPARISON_GT","COMPARISON_GE","COMPARISON_LT","COMPARISON_LE","COMPARISON_EQ","COMPARISON_NE"]},"denominatorAggregations":{"type":"array","items":{"ref":"Aggregation"}},"denominatorFilter":{"type":"string"},"duration":{"type":"string","format":"google-duration"},"evaluationMissingData":{"type":"string","enum":["EVALUATION_MISSING_DATA_UNSPECIFIED","EVALUATION_MISSING_DATA_INACTIVE","EVALUATION_MISSING_DATA_ACTIVE","EVALUATION_MISSING_DATA_NO_OP"]},"filter":{"type":"string"},"forecastOptions":{"ref":"ForecastOptions"},"thresholdValue":{"type":"number","format":"double"},"trigger":{"ref":"Trigger"}},
    "ForecastOptions": {"forecastHorizon":{"type":"string","format":"google-duration"}},
    "MutationRecord": {"mutateTime":{"type":"string","format":"google-datetime"},"mutatedBy":{"type":"string"}},
    "Documentation": {"content":{"type":"string"},"links":{"type":"array","items":{"ref":"Link"}},"mimeType":{"type":"string"},"subject":{"type":"string"}},
    "Link": {"displayName":{"type":"string"},"url":{"type":"string"}},
    "Status": {"code":{"type":"integer","format":"int32"},"details":{"type":"array","items":{"type":"object","values":{"type":"any"}}},"message":{"type":"string"}}
}
""";
}
